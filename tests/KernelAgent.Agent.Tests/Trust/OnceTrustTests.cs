using System.Text.Json.Nodes;
using KernelAgent.Agent.Cli;
using KernelAgent.Agent.Service;
using KernelAgent.Agent.Tests.Resolution;
using KernelAgent.Agent.Tests.Service;
using KernelAgent.Agent.Trust;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Trust;

namespace KernelAgent.Agent.Tests.Trust;

/// <summary>
/// Key rotation, revocation and rollback protection, each shown by the real <c>kernel-agent once</c> against a directory
/// store, as an operator would see them (docs/security.md points here).
/// </summary>
public sealed class OnceTrustTests : IDisposable
{
    private static readonly Dictionary<string, string> NoMinimums = [];

    private readonly AgentSandbox _sandbox = new();
    private readonly SigningKey _newKey = SigningKey.Generate();

    public void Dispose()
    {
        _newKey.Dispose();
        _sandbox.Dispose();
    }

    private string OldKeyId => _sandbox.Work.Key.KeyId;

    private string AttestationPath => _sandbox.Join("stores", "main", StoreLayout.AttestationKey(_sandbox.Variant));

    [Fact]
    public async Task Once_RotatedKeyTrustedBesideTheOld_AcceptsArtifactsOfBoth()
    {
        await _sandbox.PublishAsync();
        _sandbox.Trust(_newKey);
        Assert.Equal("Store", Source(Once(_sandbox.WriteConfig(new JsonObject { ["CacheDirectory"] = _sandbox.Join("cache-old") }))));

        ResignStore(_newKey, drop: [OldKeyId]);

        Assert.Equal("Store", Source(Once(_sandbox.WriteConfig(new JsonObject { ["CacheDirectory"] = _sandbox.Join("cache-new") }))));
    }

    [Fact]
    public async Task Once_ResignedWithBothSignatures_IsAcceptedByAHostThatOnlyTrustsTheOldKey()
    {
        await _sandbox.PublishAsync();
        ResignStore(_newKey, drop: []);

        Assert.Equal("Store", Source(Once(_sandbox.WriteConfig())));
    }

    [Fact]
    public async Task Once_OnlySignatureByAKeyRevokedInTheConfig_IsRefusedNamingTheKey()
    {
        await _sandbox.PublishAsync();

        var (exit, output, _) = OnceRaw(_sandbox.WriteConfig(new JsonObject { ["RevokedKeys"] = new JsonArray(OldKeyId) }));

        Assert.Equal(PassOutcomes.ExitCode(PassOutcome.Refused), exit);
        Assert.Contains("refused (revoked key)", output, StringComparison.Ordinal);
        Assert.Contains(KeyIds.Abbreviate(OldKeyId), output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_KeyRevokedAfterTheArtifactWasCached_ReResolvesTheResignedArtifactWithoutARebuild()
    {
        await _sandbox.PublishAsync();
        _sandbox.Trust(_newKey);
        Assert.Equal("Store", Source(Once(_sandbox.WriteConfig())));
        ResignStore(_newKey, drop: [OldKeyId]);
        var config = _sandbox.WriteConfig(new JsonObject { ["RevokedKeys"] = new JsonArray(OldKeyId) });

        Assert.Equal("Store", Source(Once(config)));
        Assert.NotEmpty(Directory.GetDirectories(_sandbox.Join("cache", "quarantine")));
    }

    [Fact]
    public async Task Once_KeyRevokedByTheStoresSignedPolicy_IsRefusedAndTheResignedArtifactAccepted()
    {
        await _sandbox.PublishAsync();
        _sandbox.Trust(_newKey);
        await _sandbox.PublishPolicyAsync(Policy(1, revoked: OldKeyId), _newKey);

        var (exit, output, _) = OnceRaw(_sandbox.WriteConfig());
        Assert.Equal(PassOutcomes.ExitCode(PassOutcome.Refused), exit);
        Assert.Contains("refused (revoked key)", output, StringComparison.Ordinal);

        ResignStore(_newKey, drop: [OldKeyId]);
        Assert.Equal("Store", Source(Once(_sandbox.WriteConfig())));
    }

    [Fact]
    public async Task Once_PolicySignedByAnUntrustedKey_IsIgnored()
    {
        await _sandbox.PublishAsync();
        await _sandbox.PublishPolicyAsync(Policy(1, revoked: OldKeyId), _newKey);

        Assert.Equal("Store", Source(Once(_sandbox.WriteConfig())));
        Assert.False(File.Exists(Path.Join(_sandbox.StateDirectory, TrustPolicySource.KeptFileName)));
    }

    [Fact]
    public async Task Once_OlderPolicyReplayedAfterANewerOne_KeepsTheNewerRevocation()
    {
        await _sandbox.PublishAsync();
        _sandbox.Trust(_newKey);
        await _sandbox.PublishPolicyAsync(Policy(2, revoked: OldKeyId), _newKey);
        Assert.Equal(PassOutcomes.ExitCode(PassOutcome.Refused), OnceRaw(_sandbox.WriteConfig()).Exit);

        await _sandbox.PublishPolicyAsync(Policy(1), _newKey);

        var (exit, output, _) = OnceRaw(_sandbox.WriteConfig());
        Assert.Equal(PassOutcomes.ExitCode(PassOutcome.Refused), exit);
        Assert.Contains("refused (revoked key)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_VersionBelowTheConfiguredMinimum_IsRefusedWithTheReason()
    {
        await _sandbox.PublishAsync();

        var (exit, output, _) = OnceRaw(_sandbox.WriteConfig(new JsonObject
        {
            ["MinimumVersions"] = new JsonObject { [TestModules.DriverName] = "1.0.1" },
        }));

        Assert.Equal(PassOutcomes.ExitCode(PassOutcome.Refused), exit);
        Assert.Contains("refused (below minimum version): driver kagent_sample version 1.0.0 is below the minimum version 1.0.1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_ReplayedOldValidlySignedArtifactUnderTheStoresFloor_IsRefusedWithTheReason()
    {
        await _sandbox.PublishAsync();
        await _sandbox.PublishPolicyAsync(Policy(1, minimum: "1.2"), _sandbox.Work.Key);

        var (exit, output, _) = OnceRaw(_sandbox.WriteConfig());

        Assert.Equal(PassOutcomes.ExitCode(PassOutcome.Refused), exit);
        Assert.Contains("is below the minimum version 1.2 (rollback protection)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_FloorBelowTheVersionInDpkgOrder_Loads()
    {
        await _sandbox.PublishAsync();
        await _sandbox.PublishPolicyAsync(Policy(1, minimum: "1.0.0~rc1"), _sandbox.Work.Key);

        Assert.Equal("Store", Source(Once(_sandbox.WriteConfig())));
    }

    [Fact]
    public void Once_MalformedRevokedKeyAndMinimumVersion_AreConfigurationErrorsNamingThem()
    {
        var (exit, _, error) = OnceRaw(_sandbox.WriteConfig(new JsonObject
        {
            ["RevokedKeys"] = new JsonArray("abc"),
            ["MinimumVersions"] = new JsonObject { [TestModules.DriverName] = "1.0 beta" },
        }));

        Assert.Equal(PassOutcomes.ConfigurationExitCode, exit);
        Assert.Contains("Agent:RevokedKeys:0 'abc' is not a full key ID", error, StringComparison.Ordinal);
        Assert.Contains("Agent:MinimumVersions:kagent_sample '1.0 beta'", error, StringComparison.Ordinal);
    }

    private static TrustPolicy Policy(long serial, string? revoked = null, string? minimum = null) => new(
        serial,
        revoked is null ? [] : new Dictionary<string, string> { [revoked] = "compromised" },
        minimum is null ? NoMinimums : new Dictionary<string, string> { [TestModules.DriverName] = minimum });

    private void ResignStore(SigningKey key, string[] drop) =>
        File.WriteAllBytes(AttestationPath, AttestationSigner.Resign(File.ReadAllBytes(AttestationPath), key, drop.ToHashSet(StringComparer.Ordinal)));

    private static string Source(string output) => JsonNode.Parse(output)!["source"]!.GetValue<string>();

    private static string Once(string config, bool json)
    {
        var (exit, output, error) = OnceRaw(config, json);
        Assert.True(exit == 0, $"exit {exit}: {output}\n{error}");
        return output;
    }

    private static string Once(string config) => Once(config, json: true);

    private static (int Exit, string Output, string Error) OnceRaw(string config) => OnceRaw(config, json: false);

    private static (int Exit, string Output, string Error) OnceRaw(string config, bool json)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] args = json ? ["once", "--config", config, "--no-load", "--json"] : ["once", "--config", config, "--no-load"];
        var exit = AgentCommandLine.Build().Parse(args).Invoke(new() { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
