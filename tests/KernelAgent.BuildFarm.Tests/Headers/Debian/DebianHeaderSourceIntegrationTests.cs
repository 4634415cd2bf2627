using System.Diagnostics;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Debian;

namespace KernelAgent.BuildFarm.Tests.Headers.Debian;

[Trait("Category", "Integration")]
[Collection(DebianArchiveTestGroup.Name)]
public sealed class DebianHeaderSourceIntegrationTests(DebianHeadersFixture kernels, ITestOutputHelper output)
{
    [Fact]
    public async Task ResolveAsync_Amd64Kernel_NamesExactFlavourCommonAndKbuildPackages()
    {
        kernels.Require();
        var source = DebianHeadersFixture.CreateSource();

        var set = await source.ResolveAsync(kernels.Amd64, TestContext.Current.CancellationToken);

        var names = set.Packages.Select(p => p.Name).ToList();
        Assert.Equal([$"linux-headers-{kernels.Abi}-amd64", $"linux-headers-{kernels.Abi}-common", "linux-kbuild-6.1"], names);
        Assert.All(set.Packages.Take(2), p => Assert.Equal(kernels.PackageVersion, p.Version));
        Assert.True(DebianVersion.Compare(set.Packages[2].Version, kernels.PackageVersion) >= 0);
        Assert.All(set.Packages, p => Assert.Matches("^[0-9a-f]{64}$", p.Sha256));
        Assert.All(set.Packages, p => Assert.NotNull(p.Location));
    }

    [Fact]
    public async Task ResolveAsync_Arm64Kernel_TakesArm64FlavourAndThisMachinesKbuild()
    {
        kernels.Require();
        var source = DebianHeadersFixture.CreateSource();

        var set = await source.ResolveAsync(kernels.Arm64, TestContext.Current.CancellationToken);

        Assert.Equal(
            [($"linux-headers-{kernels.Abi}-arm64", "arm64"), ($"linux-headers-{kernels.Abi}-common", "all"), ("linux-kbuild-6.1", "amd64")],
            set.Packages.Select(p => (p.Name, p.Architecture)).ToList());
    }

    [Fact]
    public async Task ResolveAsync_BuildNotInArchive_ThrowsHeadersUnavailableNamingPackageAndVersion()
    {
        kernels.Require();
        var source = DebianHeadersFixture.CreateSource();
        var missingVersion = kernels.PackageVersion + "+farmtest1";
        var target = DebianHeadersFixture.Target(KernelMachine.X8664, $"{kernels.Abi}-amd64", missingVersion);

        var error = await Assert.ThrowsAsync<HeadersUnavailableException>(
            () => source.ResolveAsync(target, TestContext.Current.CancellationToken));

        Assert.Equal($"linux-headers-{kernels.Abi}-amd64", error.Package);
        Assert.Equal(missingVersion, error.Version);
        Assert.Contains($"'linux-headers-{kernels.Abi}-amd64' version '{missingVersion}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_BuildDateOrReleaseTheHeadersContradict_IsRefusedNamingEachFieldWithWhatTheHeadersSay()
    {
        kernels.Require();
        using var scratch = new ScratchDirectory("headers-exact");
        var source = DebianHeadersFixture.CreateSource();
        var token = TestContext.Current.CancellationToken;
        var realDate = kernels.Amd64.KernelBuild[kernels.Amd64.KernelBuild.LastIndexOf('(')..];
        var future = kernels.Amd64 with { KernelBuild = kernels.Amd64.KernelBuild.Replace(realDate, "(2030-01-01)", StringComparison.Ordinal) };
        var trixie = kernels.Amd64 with { DistroVersionId = "13" };

        var dateError = await Assert.ThrowsAsync<InvalidKernelTargetException>(() => source.FetchAsync(future, Path.Join(scratch.Path, "future"), null, token));
        var releaseError = await Assert.ThrowsAsync<InvalidKernelTargetException>(() => source.FetchAsync(trixie, Path.Join(scratch.Path, "trixie"), null, token));
        var exact = await source.FetchAsync(kernels.Amd64, Path.Join(scratch.Path, "exact"), null, token);

        output.WriteLine(dateError.Message);
        output.WriteLine(releaseError.Message);
        var date = Assert.Single(dateError.Problems);
        Assert.Equal((nameof(KernelTarget.KernelBuild), true), (date.Field, date.Problem.Contains(kernels.Amd64.KernelBuild, StringComparison.Ordinal)));
        var release = Assert.Single(releaseError.Problems);
        Assert.Equal(nameof(KernelTarget.DistroVersionId), release.Field);
        Assert.Contains("bookworm", release.Problem, StringComparison.Ordinal);
        Assert.Contains("'12'", release.Problem, StringComparison.Ordinal);
        Assert.Equal(kernels.Amd64, exact.Target);
    }

    [Fact]
    public async Task FetchAsync_SecondFetch_ComesFromCacheWithoutApt()
    {
        kernels.Require();
        using var scratch = new ScratchDirectory("headers-cache");
        var runner = new RecordingProcessRunner();
        var source = DebianHeadersFixture.CreateSource(runner, Path.Join(scratch.Path, "cache"));
        var cold = new RecordingProgress<HeaderFetchProgress>();
        var warm = new RecordingProgress<HeaderFetchProgress>();
        var token = TestContext.Current.CancellationToken;

        var coldWatch = Stopwatch.StartNew();
        var first = await source.FetchAsync(kernels.Amd64, Path.Join(scratch.Path, "root1"), cold, token);
        coldWatch.Stop();
        runner.Invocations.Clear();
        var warmWatch = Stopwatch.StartNew();
        var second = await source.FetchAsync(kernels.Amd64, Path.Join(scratch.Path, "root2"), warm, token);
        warmWatch.Stop();

        output.WriteLine($"cold fetch (download + extract) {coldWatch.Elapsed.TotalSeconds:F2} s, warm fetch (cache + extract) {warmWatch.Elapsed.TotalSeconds:F2} s");
        Assert.Equal(0, first.PackagesFromCache);
        Assert.Equal(3, second.PackagesFromCache);
        Assert.All(cold.Reports.Where(r => r.Completed), r => Assert.False(r.FromCache));
        Assert.Equal(3, warm.Reports.Count(r => r.Completed && r.FromCache));
        Assert.DoesNotContain(runner.Programs, p => p.StartsWith("apt", StringComparison.Ordinal));
        Assert.Equal(first.Packages, second.Packages);
        Assert.True(File.Exists(Path.Join(second.BuildDirectory, ".config")));
        Assert.Equal(Path.Join(second.RootDirectory, "usr", "src", $"linux-headers-{kernels.Abi}-common", "Makefile"), second.MakefilePath);
        Assert.StartsWith("gcc-12 ", second.ExpectedCompiler, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_CachedPackageCorrupted_DownloadsItAgain()
    {
        kernels.Require();
        using var scratch = new ScratchDirectory("headers-corrupt");
        var cache = Path.Join(scratch.Path, "cache");
        var source = DebianHeadersFixture.CreateSource(cacheDirectory: cache);
        var token = TestContext.Current.CancellationToken;
        var first = await source.FetchAsync(kernels.Amd64, Path.Join(scratch.Path, "root1"), null, token);
        var flavour = first.Packages[0];
        await File.WriteAllTextAsync(Path.Join(cache, "packages", "sha256", flavour.Sha256), "not a package", token);

        var second = await source.FetchAsync(kernels.Amd64, Path.Join(scratch.Path, "root2"), null, token);

        Assert.Equal(2, second.PackagesFromCache);
        Assert.Equal(flavour.Size, new FileInfo(Path.Join(cache, "packages", "sha256", flavour.Sha256)).Length);
    }
}
