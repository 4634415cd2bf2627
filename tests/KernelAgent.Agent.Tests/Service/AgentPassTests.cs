using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using KernelAgent.Agent.Identity;
using KernelAgent.Agent.Loading;
using KernelAgent.Agent.Logging;
using KernelAgent.Agent.Resolution;
using KernelAgent.Agent.Service;
using KernelAgent.Agent.Tests.Identity;
using KernelAgent.Agent.Tests.Loading;
using KernelAgent.Agent.Tests.Resolution;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Tests.Service;

/// <summary>
/// One pass end to end with the real resolver over a directory store, the real installer on a throwaway host root
/// (a script stands in for depmod) and a fake loader: each outcome, its exit code and the last-pass record.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed partial class AgentPassTests : IDisposable
{
    private const string Name = TestModules.DriverName;
    private const string Release = TestModules.Release;

    private readonly ArtifactWorkspace _work = new();
    private readonly TempHostRoot _host = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
    private readonly FakeModuleLoader _loader = new();
    private readonly RecordingLogger<AgentPass> _log = new();
    private readonly IArtifactStore _store;
    private readonly AgentOptions _options;
    private string _depmodBody;
    private KernelAgent.Store.Attestations.Keys.TrustedKeyRing? _trustedOverride;

    public AgentPassTests()
    {
        _store = _work.Store("main");
        Directory.CreateDirectory(_host.Join($"lib/modules/{Release}/kernel"));
        _depmodBody = $"echo 'updates/dkms/{Name}.ko:' > '{_host.Join($"lib/modules/{Release}/modules.dep")}'";
        _options = new AgentOptions
        {
            HostRoot = _host.Path,
            DriverName = Name,
            DriverVersion = TestModules.DriverVersion,
            CacheDirectory = _work.CacheDirectory,
            StateDirectory = Path.Join(_work.Root, "state"),
        };
    }

    public void Dispose()
    {
        _host.Dispose();
        _work.Dispose();
    }

    [Fact]
    public async Task RunAsync_VerifiedArtifact_InstallsLoadsAndRecordsLoaded()
    {
        var module = await _work.PublishAsync(_store);

        var result = await Pass().RunAsync(load: true, CancellationToken.None);

        AssertOutcome(PassOutcome.Loaded, 0, result);
        Assert.StartsWith($"loaded {Name} (sha256 {Digests.Sha256Hex(module)[..16]}) from store", result.Message, StringComparison.Ordinal);
        var installed = _host.Join($"lib/modules/{Release}/updates/dkms/{Name}.ko");
        Assert.Equal(module, File.ReadAllBytes(installed));
        var request = Assert.Single(_loader.LoadRequests);
        Assert.Equal(installed, request.ModulePath);
        Assert.Equal(Digests.Sha256Hex(module), request.ExpectedSha256);
        Assert.Equal(TestModules.SrcVersion, request.ExpectedSrcVersion);
        Assert.Equal(ArtifactSource.Store, result.Source);
        Assert.Equal(TestModules.Variant.ContentKey, result.VariantKey);
        Assert.Equal(Release, result.KernelRelease);

        var record = LastPassRecord();
        Assert.Equal("Loaded", record["outcome"]!.GetValue<string>());
        Assert.Equal(Digests.Sha256Hex(module), record["artifact_digest"]!.GetValue<string>());
        Assert.Equal(installed, record["module_path"]!.GetValue<string>());
        Assert.Contains(_log.Events, e => e.Id.Id == AgentEventIds.ArtifactVerified);
        Assert.Equal(AgentEventIds.PassFinished, _log.Events[^1].Id.Id);
    }

    [Fact]
    public async Task RunAsync_OurModuleAlreadyLoaded_IsAlreadyLoadedAndOurs()
    {
        await _work.PublishAsync(_store);
        _loader.PretendLoaded(Name, TestModules.SrcVersion);

        var result = await Pass().RunAsync(load: true, CancellationToken.None);

        AssertOutcome(PassOutcome.AlreadyLoaded, 0, result);
        Assert.Equal($"{Name} was already loaded (ours: srcversion {TestModules.SrcVersion} matches the verified module)", result.Message);
    }

    [Fact]
    public async Task RunAsync_OtherBuildAlreadyLoaded_IsOtherBuildLoadedAndSaysItIsNotOurs()
    {
        await _work.PublishAsync(_store);
        _loader.PretendLoaded(Name, "0000000000000000DEADBEE");

        var result = await Pass().RunAsync(load: true, CancellationToken.None);

        AssertOutcome(PassOutcome.OtherBuildLoaded, 10, result);
        Assert.StartsWith($"{Name} was already loaded, but not the verified build (srcversion 0000000000000000DEADBEE", result.Message, StringComparison.Ordinal);
        Assert.Single(_loader.LoadRequests);
    }

    [Fact]
    public async Task RunAsync_NoLoad_VerifiesAndInstallsWithoutLoading()
    {
        await _work.PublishAsync(_store);

        var result = await Pass().RunAsync(load: false, CancellationToken.None);

        AssertOutcome(PassOutcome.Verified, 0, result);
        Assert.Contains("not loaded", result.Message, StringComparison.Ordinal);
        Assert.Empty(_loader.LoadRequests);
        Assert.True(File.Exists(_host.Join($"lib/modules/{Release}/updates/dkms/{Name}.ko")));
    }

    [Fact]
    public async Task RunAsync_IdentityUnreadable_IsIdentityFailedNamingTheFile()
    {
        var probe = new FakeIdentityProbe(null, new IdentityProblem("etc/os-release", "VERSION_ID", "missing"));

        var result = await Pass(probe).RunAsync(load: true, CancellationToken.None);

        AssertOutcome(PassOutcome.IdentityFailed, 3, result);
        Assert.Contains("etc/os-release: VERSION_ID: missing", result.Message, StringComparison.Ordinal);
        Assert.Null(result.VariantKey);
        Assert.Equal(AgentEventIds.IdentityInvalid, _log.Events[0].Id.Id);
    }

    [Fact]
    public async Task RunAsync_NoStoreHasItAndNoFarm_IsNotFound()
    {
        var result = await Pass().RunAsync(load: true, CancellationToken.None);

        AssertOutcome(PassOutcome.NotFound, 4, result);
        Assert.Equal(TestModules.Variant.ContentKey, result.VariantKey);
        Assert.Equal("not-found", PassOutcomes.Word(result.Outcome));
    }

    [Fact]
    public async Task RunAsync_SignedByAnUntrustedKey_IsRefused()
    {
        using var stranger = KernelAgent.Store.Attestations.Keys.SigningKey.Generate();
        await _work.PublishAsync(_store, key: stranger);

        var result = await Pass().RunAsync(load: true, CancellationToken.None);

        AssertOutcome(PassOutcome.Refused, 5, result);
        Assert.Contains("unknown key id", result.Message, StringComparison.Ordinal);
        AssertNothingInstalledOrLoaded();
    }

    // Issue 11 item 1: what crashed `run` ("Hosting failed to start") is a refusal of this pass with its reason.
    [Theory]
    [InlineData("signatures", "malformed envelope")]
    [InlineData("subject", "malformed statement")]
    public async Task RunAsync_AttestationWithANullEntry_IsRefusedWithTheReasonAndNothingLoaded(string nulled, string reason)
    {
        await _work.PublishAsync(_store);
        var key = StoreLayout.AttestationKey(TestModules.Variant);
        var envelope = JsonNode.Parse(File.ReadAllBytes(ArtifactWorkspace.PathOf(_store, key)))!;
        byte[] attestation;
        if (nulled == "signatures")
        {
            envelope["signatures"] = new JsonArray((JsonNode?)null);
            attestation = System.Text.Encoding.UTF8.GetBytes(envelope.ToJsonString());
        }
        else
        {
            var statement = JsonNode.Parse(Convert.FromBase64String(envelope["payload"]!.GetValue<string>()))!;
            statement["subject"] = new JsonArray((JsonNode?)null);
            attestation = AttestationSigner.SignPayload(
                DsseEnvelope.InTotoPayloadType, System.Text.Encoding.UTF8.GetBytes(statement.ToJsonString()), _work.Key, []);
        }

        await _store.WriteAsync(key, attestation, WriteMode.Overwrite, CancellationToken.None);

        var result = await Pass().RunAsync(load: true, CancellationToken.None);

        AssertOutcome(PassOutcome.Refused, 5, result);
        Assert.Contains(reason, result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Message, StringComparison.Ordinal);
        AssertNothingInstalledOrLoaded();
    }

    [Fact]
    public async Task RunAsync_ModuleBuiltForANeighbouringRelease_IsRefusedQuarantinedAndNeverLoaded()
    {
        // Validly signed for this host's variant, but the module itself says it was built for the previous ABI:
        // with MODVERSIONS the kernel might accept it, so the agent must not.
        await _work.PublishAsync(_store, module: TestModules.Module(release: "6.1.0-55-amd64"));

        var result = await Pass().RunAsync(load: true, CancellationToken.None);

        AssertOutcome(PassOutcome.Refused, 5, result);
        Assert.StartsWith("vermagic mismatch: the module was built for '6.1.0-55-amd64'", result.Message, StringComparison.Ordinal);
        Assert.Contains($"this host runs '{Release}'", result.Message, StringComparison.Ordinal);
        AssertNothingInstalledOrLoaded();
        Assert.Single(_work.QuarantinedFolders());
        Assert.False(Directory.Exists(Path.Join(_work.CacheDirectory, TestModules.Variant.ContentKey)));
        Assert.Contains(_log.Events, e => e.Id.Id == AgentEventIds.ModuleRefused && e.Message.Contains("(vermagic mismatch)", StringComparison.Ordinal));
        Assert.Equal("Refused", LastPassRecord()["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunAsync_KernelRejectsTheSignature_IsLoadFailedSayingWhatToDo()
    {
        await _work.PublishAsync(_store);
        _loader.FailWithErrno = ModuleErrno.EKEYREJECTED;

        var result = await Pass().RunAsync(load: true, CancellationToken.None);

        AssertOutcome(PassOutcome.LoadFailed, 8, result);
        Assert.Contains("signature", result.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("EKEYREJECTED", result.Message, StringComparison.Ordinal);
        Assert.Equal("LoadFailed", LastPassRecord()["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunAsync_DepmodFails_IsInstallFailedAndNothingIsLoaded()
    {
        await _work.PublishAsync(_store);
        _depmodBody = "echo 'depmod: ERROR: could not open directory' >&2; exit 1";

        var result = await Pass().RunAsync(load: true, CancellationToken.None);

        AssertOutcome(PassOutcome.InstallFailed, 9, result);
        Assert.StartsWith("install failed:", result.Message, StringComparison.Ordinal);
        Assert.Empty(_loader.LoadRequests);
    }

    [Theory]
    [InlineData(ResolutionFailure.BuildFailed, PassOutcome.BuildFailed, 6)]
    [InlineData(ResolutionFailure.Unreachable, PassOutcome.Unreachable, 7)]
    public async Task RunAsync_FarmFails_MapsToItsOutcome(ResolutionFailure failure, PassOutcome outcome, int exitCode)
    {
        var farm = new FakeFarmClient((_, _) => throw new ResolutionException(failure, "farm says no"));

        var result = await Pass(farm: farm).RunAsync(load: true, CancellationToken.None);

        AssertOutcome(outcome, exitCode, result);
        Assert.Equal("farm says no", result.Message);
    }

    [Fact]
    public async Task RunAsync_SecondPass_UsesTheVerifiedCacheAndFindsTheModuleInstalled()
    {
        await _work.PublishAsync(_store);
        await Pass().RunAsync(load: false, CancellationToken.None);
        Directory.Delete(_store.Location.LocalPath, recursive: true);

        var result = await Pass().RunAsync(load: true, CancellationToken.None);

        AssertOutcome(PassOutcome.Loaded, 0, result);
        Assert.Equal(ArtifactSource.Cache, result.Source);
    }

    private static void AssertOutcome(PassOutcome expected, int exitCode, PassResult result)
    {
        Assert.True(expected == result.Outcome, $"expected {expected}, got {result.Outcome}: {result.Message}");
        Assert.Equal(exitCode, PassOutcomes.ExitCode(result.Outcome));
        Assert.NotNull(result.FinishedAt);
    }

    private void AssertNothingInstalledOrLoaded()
    {
        Assert.Empty(_loader.LoadRequests);
        Assert.False(Directory.Exists(_host.Join($"lib/modules/{Release}/updates")));
    }

    private JsonObject LastPassRecord() =>
        JsonNode.Parse(File.ReadAllBytes(Path.Join(_options.StateDirectory, PassRecordStore.FileName)))!.AsObject();

    private InstalledArtifacts Installed => new(_host.Path, _options.StateDirectory);

    private AgentPass Pass(IKernelIdentityProbe? probe = null, IFarmClient? farm = null, IReadOnlyList<IArtifactStore>? stores = null)
    {
        var options = Options.Create(_options);
        var resolver = new HostArtifactResolver(
            new ArtifactCache(_work.CacheDirectory, _time),
            stores ?? [_store],
            farm ?? new FakeFarmClient(),
            url => ArtifactStoreFactory.Create(url),
            _trustedOverride ?? _work.TrustedKeys,
            "test-host",
            new KernelAgent.Agent.Demand.DemandLedger(),
            NullLogger<HostArtifactResolver>.Instance,
            installed: Installed);
        var installerOptions = Options.Create(new ModuleInstallerOptions
        {
            HostRoot = _host.Path,
            StateDirectory = _options.StateDirectory,
            DepmodPath = _host.WriteScript("tools/depmod", _depmodBody),
        });
        var installer = new ModuleInstaller(installerOptions, new InstalledModuleStore(installerOptions), _time, NullLogger<ModuleInstaller>.Instance);
        return new AgentPass(
            probe ?? new FakeIdentityProbe(TestModules.Kernel),
            resolver,
            installer,
            _loader,
            Installed,
            options,
            new PassRecordStore(options),
            new AgentLeftovers(options, new InstalledModuleStore(installerOptions), _time, NullLogger<AgentLeftovers>.Instance),
            _time,
            _log);
    }
}
