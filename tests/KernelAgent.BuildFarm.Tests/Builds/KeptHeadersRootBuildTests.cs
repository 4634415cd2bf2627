using KernelAgent.BuildFarm.Builds;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Tests.Compilation;
using KernelAgent.BuildFarm.Tests.Headers;
using KernelAgent.BuildFarm.Tests.Headers.Debian;
using KernelAgent.BuildFarm.Tests.Hosting;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Tests.Builds;

/// <summary>
/// Two variants of one real Debian kernel (the sample driver and its next version) built by the whole farm: the
/// first extracts the kernel's headers into its kept root, the second compiles against that root without
/// extracting anything, kbuild leaves the root untouched, and a rebuild against the kept root gives the very bytes
/// the first build's attestation names.
/// </summary>
[Trait("Category", "Integration")]
[Collection(DebianArchiveTestGroup.Name)]
public sealed class KeptHeadersRootBuildTests(DebianHeadersFixture kernels, ITestOutputHelper output)
{
    // Without the sandbox nothing but kbuild's own behaviour (M= writes only into the module folder) keeps the root
    // intact when the farm runs as root; with it the root is also mounted read-only.
    [Theory(Timeout = 900_000)]
    [InlineData("Auto")]
    [InlineData("Disabled")]
    public async Task Build_SecondVariantOfTheSameKernel_ReusesTheKeptRootAndBothModulesMatchTheKernel(string sandbox)
    {
        var token = TestContext.Current.CancellationToken;
        kernels.Require();
        var target = kernels.Amd64;
        var settings = RealFarm.SharedCacheSettings();
        settings["Compiler:Sandbox"] = sandbox;
        foreach (var (key, value) in TestVariants.NextVersionSettings())
        {
            settings[key] = value;
        }

        await using var farm = await InProcessFarm.StartAsync(settings: settings);
        var first = await BuildAsync(farm, target, TestVariants.Sample, token);
        var roots = Path.Join(farm.StateDirectory, "headers-roots");
        var root = Assert.Single(Directory.GetDirectories(roots));
        var before = Snapshot(root);

        var second = await BuildAsync(farm, target, TestVariants.NextSample, token);

        // Every header package of the second build is reported from the cache, and the farm counts one extraction.
        Assert.All(second.Events.Where(e => e.DetailCase == BuildEvent.DetailOneofCase.FetchingHeaders), e => Assert.True(e.FetchingHeaders.FromCache));
        var metrics = await farm.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative), token);
        Assert.Contains("kernelagent_headers_roots_total{result=\"extracted\"} 1", metrics.Split('\n'));
        Assert.Contains("kernelagent_headers_roots_total{result=\"reused\"} 1", metrics.Split('\n'));
        output.WriteLine(string.Join('\n', metrics.Split('\n').Where(l => l.StartsWith("kernelagent_build_phase_duration_seconds_sum", StringComparison.Ordinal))));
        Assert.Equal(root, Assert.Single(Directory.GetDirectories(roots)));
        Assert.Equal(before, Snapshot(root));

        using var scratch = new ScratchDirectory("kept-root-modules");
        var firstModule = await ModuleAsync(farm, first, target, TestVariants.Sample, scratch.Path, token);
        await ModuleAsync(farm, second, target, TestVariants.NextSample, scratch.Path, token);

        // The real builder again, for the first variant, against the kept root: the same bytes its attestation names.
        var rebuilt = await farm.Service<IModuleBuilder>().BuildAsync(
            ArtifactVariant.Create(ProtocolMapping.FromProto(RealFarm.Variant(target)), ProtocolMapping.FromProto(TestVariants.Sample)), new SilentProgress(), token);
        Assert.Equal(firstModule.ModuleSha256, Digests.Sha256Hex(Assert.Single(rebuilt.Modules).Bytes));
        Assert.Equal(before, Snapshot(root));
        Assert.Contains("kernelagent_headers_roots_total{result=\"reused\"} 2", (await farm.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative), token)).Split('\n'));
    }

    private async Task<BuildStream> BuildAsync(InProcessFarm farm, KernelTarget target, DriverRef driver, CancellationToken token)
    {
        var request = new BuildRequest { Variant = RealFarm.Variant(target), Driver = driver, RequestedBy = "integration-test" };
        var stream = await BuildStreams.ReadAllAsync(farm.Client.Build(request, cancellationToken: token), token);
        RealFarm.RequireToolchain(stream.Events.Count > 0 ? stream.Last.Failed?.Message : null);
        Assert.Null(stream.Error);
        Assert.True(stream.Last.State == BuildState.Succeeded, $"{stream.Last}");
        output.WriteLine($"{driver.Name} {driver.Version}: {stream.Last.Succeeded.Duration.ToTimeSpan().TotalSeconds:F2} s");
        return stream;
    }

    // Fetches the published module and attestation, verifies them with the farm's key and checks the module's vermagic.
    private static async Task<VerifiedAttestation> ModuleAsync(
        InProcessFarm farm, BuildStream stream, KernelTarget target, DriverRef driver, string folder, CancellationToken token)
    {
        var artifact = stream.Last.Succeeded.Artifact;
        var module = await farm.Http.GetByteArrayAsync(new Uri(artifact.StoreUrl + artifact.ModuleKey), token);
        var envelope = await farm.Http.GetByteArrayAsync(new Uri(artifact.StoreUrl + artifact.AttestationKey), token);
        var farmKey = TrustedKey.FromPemFile(Path.Join(farm.StateDirectory, "keys", "signing-key.pub"));
        var expected = ArtifactVariant.Create(ProtocolMapping.FromProto(RealFarm.Variant(target)), ProtocolMapping.FromProto(driver));
        var verified = AttestationVerifier.VerifyArtifact(envelope, module, new TrustedKeyRing([farmKey]), expected);
        var path = Path.Join(folder, $"{driver.Name}-{driver.Version}.ko");
        await File.WriteAllBytesAsync(path, module, token);
        Assert.Contains(SampleModuleBuild.ModinfoStrings(path), s => s.StartsWith($"vermagic={target.KernelRelease} SMP ", StringComparison.Ordinal));
        return verified;
    }

    // Every file's and folder's path, size and modification time: a write by kbuild into the root would change one.
    private static List<string> Snapshot(string root) =>
        [.. new DirectoryInfo(root).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(e => e.LinkTarget is null)
            .Select(e => $"{Path.GetRelativePath(root, e.FullName)} {(e as FileInfo)?.Length} {e.LastWriteTimeUtc.Ticks}")
            .Order(StringComparer.Ordinal)];

    private sealed class SilentProgress : IBuildProgress
    {
        public void FetchingHeaders(string package, long bytesDone, long bytesTotal, bool fromCache)
        {
        }

        public void Compiling(string compiler)
        {
        }

        public void Log(string line)
        {
        }
    }
}
