using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Headers.Rpm;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Tests.Headers.Rpm;

/// <summary>
/// RHEL-family and Amazon Linux fetches of a real .rpm (a small kernel-devel built here with rpmbuild) from a
/// repository whose primary.xml names its real sha256, by file:// address or over HTTP on 127.0.0.1.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RpmHeaderFetchTests : IDisposable
{
    private const string Version = "5.14.0";
    private const string Release = "362.8.1.el9_3";

    private readonly RpmHeaderSources _sources = new("rpm-fetch");
    private readonly RecordingProgress<HeaderFetchProgress> _progress = new();

    private string CacheDirectory => _sources.CacheDirectory;

    private static KernelTarget Target(string distro, string version, string release) =>
        new(distro, version, KernelMachine.X8664, release, "#1 SMP PREEMPT_DYNAMIC Tue Nov 7 14:54:22 EST 2023");

    [Fact(Timeout = 120_000)]
    public async Task FetchAsync_RhelKernelDevel_DownloadsIntoTheDigestCacheAndExtractsTheBuildTree()
    {
        var token = TestContext.Current.CancellationToken;
        var (repository, package) = await RepositoryAsync("rhel9", "kernel-devel", Release, variant: null, "w2.xzdio", token);
        var target = Target("rhel", "9.3", $"{Version}-{Release}.x86_64");
        var root = Path.Join(_sources.Scratch, "root");

        var headers = await Rhel(repository).FetchAsync(target, root, _progress, token);

        var cached = Path.Join(CacheDirectory, "packages", "sha256", package.Sha256);
        Assert.Equal(package.Sha256, await HeaderCache.Sha256OfFileAsync(cached, token));
        var build = Path.Join(root, "usr", "src", "kernels", target.KernelRelease);
        Assert.Equal(new KernelHeaders(target, root, build, null, FakeKernelDevelRpm.Compiler, headers.Packages, 0), headers);
        Assert.Equal([package], headers.Packages);
        Assert.Contains($"\"{target.KernelRelease}\"", await File.ReadAllTextAsync(Path.Join(build, "include", "generated", "utsrelease.h"), token), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Join(build, "Module.symvers")));
        Assert.True(File.Exists(Path.Join(build, "Makefile")));
        Assert.True(File.Exists(Path.Join(build, FakeKernelDevelRpm.LongPath)));
        Assert.Contains(_progress.Reports, r => r.BytesDone == package.Size && !r.FromCache);
        Assert.Equal(["rpm2archive", "tar"], _sources.Runner.Programs);
    }

    [Fact(Timeout = 120_000)]
    public async Task FetchAsync_DownloadNotMatchingTheRepodataDigest_IsRefusedNamingThePackage()
    {
        var token = TestContext.Current.CancellationToken;
        var wrong = new string('a', 64);
        var (repository, package) = await RepositoryAsync("rhel9", "kernel-devel", Release, variant: null, "w2.xzdio", token, claimedSha256: wrong);
        var root = Path.Join(_sources.Scratch, "root");

        var error = await Assert.ThrowsAsync<PackageDigestMismatchException>(
            () => Rhel(repository).FetchAsync(Target("rhel", "9.3", $"{Version}-{Release}.x86_64"), root, null, token));

        Assert.Contains($"kernel-devel {Version}-{Release} (x86_64)", error.Message, StringComparison.Ordinal);
        Assert.Contains(wrong, error.Message, StringComparison.Ordinal);
        Assert.Contains(package.Sha256, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Join(CacheDirectory, "packages", "sha256", wrong)));
        Assert.False(Directory.Exists(root));
        Assert.Empty(_sources.Runner.Programs);
    }

    [Fact(Timeout = 120_000)]
    public async Task FetchAsync_SecondFetchAfterThePackageLeftTheRepository_ReusesTheRootOrExtractsFromTheCache()
    {
        var token = TestContext.Current.CancellationToken;
        var (repository, package) = await RepositoryAsync("rhel9", "kernel-rt-devel", Release, variant: "rt", "w19.zstdio", token);
        var target = Target("rocky", "9.3", $"{Version}-{Release}.x86_64+rt");
        var root = Path.Join(_sources.Scratch, "root");
        var first = await Rhel(repository).FetchAsync(target, root, null, token);
        File.Delete(Path.Join(repository.LocalPath, "Packages", "k", $"kernel-rt-devel-{Version}-{Release}.x86_64.rpm"));
        var extractions = _sources.Runner.Invocations.Count;

        var reused = await Rhel(repository).FetchAsync(target, root, _progress, token);
        Assert.Equal(extractions, _sources.Runner.Invocations.Count);
        var fromCache = await Rhel(repository).FetchAsync(target, Path.Join(_sources.Scratch, "root2"), _progress, token);

        Assert.Equal((0, 1, 1), (first.PackagesFromCache, reused.PackagesFromCache, fromCache.PackagesFromCache));
        Assert.Equal(first with { PackagesFromCache = 1, Packages = reused.Packages }, reused);
        Assert.Equal(first.Packages, reused.Packages);
        Assert.Equal(Path.Join(_sources.Scratch, "root2", "usr", "src", "kernels", target.KernelRelease), fromCache.BuildDirectory);
        Assert.All(_progress.Reports, r => Assert.True(r.FromCache));
        Assert.Equal([package], fromCache.Packages);
    }

    [Fact(Timeout = 120_000)]
    public async Task FetchAsync_AmazonLinuxOverHttp_FetchesTheVersionedKernelLineOnceThenFromTheCache()
    {
        var token = TestContext.Current.CancellationToken;
        const string release = "63.114.amzn2023";
        var (repository, package) = await RepositoryAsync("amzn2023", "kernel6.12-devel", release, variant: null, "w19.zstdio", token, version: "6.12.40");
        using var server = new LocalHttpRepository(_sources.Scratch);
        var httpRepository = new Uri(server.BaseUri, "amzn2023/");
        var target = Target("amzn", "2023", $"6.12.40-{release}.x86_64");

        var first = await Amazon(httpRepository).FetchAsync(target, Path.Join(_sources.Scratch, "root"), null, token);
        var second = await Amazon(httpRepository).FetchAsync(target, Path.Join(_sources.Scratch, "root2"), null, token);

        Assert.Equal([package with { Location = new Uri(httpRepository, $"Packages/k/kernel6.12-devel-6.12.40-{release}.x86_64.rpm") }], first.Packages);
        Assert.Equal(1, server.Requests(".rpm"));
        Assert.Equal((0, 1), (first.PackagesFromCache, second.PackagesFromCache));
        Assert.Equal(FakeKernelDevelRpm.Compiler, second.ExpectedCompiler);
        Assert.True(File.Exists(Path.Join(second.BuildDirectory, "Module.symvers")));
    }

    [Fact(Timeout = 120_000)]
    public async Task FetchAsync_PackageWithoutTheKernelsBuildTree_NamesTheMissingFiles()
    {
        var token = TestContext.Current.CancellationToken;
        // A package of another kernel release, listed under this one's version: its tree is not /usr/src/kernels/<uname -r>.
        var (repository, _) = await RepositoryAsync("rhel9", "kernel-devel", Release, variant: "debug", "w2.xzdio", token);
        var target = Target("rhel", "9.3", $"{Version}-{Release}.x86_64");

        var error = await Assert.ThrowsAsync<HeaderSourceException>(() => Rhel(repository).FetchAsync(target, Path.Join(_sources.Scratch, "root"), null, token));

        Assert.Contains($"usr/src/kernels/{target.KernelRelease}/.config", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _sources.Dispose();

    private RhelHeaderSource Rhel(Uri repository) => _sources.Rhel(Unsigned(
        new RpmRepository { DistroId = "rocky", VersionId = "9", Architecture = KernelMachine.X8664, BaseUri = repository },
        new RpmRepository { DistroId = "rhel", VersionId = "9", Architecture = KernelMachine.X8664, BaseUri = repository }));

    private AmazonLinuxHeaderSource Amazon(Uri repository) =>
        _sources.Amazon(Unsigned(new RpmRepository { DistroId = "amzn", VersionId = "2023", Architecture = KernelMachine.X8664, BaseUri = repository }));

    private static RpmHeaderSourceOptions Unsigned(params RpmRepository[] repositories)
    {
        foreach (var repository in repositories)
        {
            // Signatures are RpmSignatureTests' subject: these packages are unsigned.
            repository.AllowUnsigned = true;
        }

        return RpmHeaderSources.For(repositories);
    }

    private Task<(Uri Repository, HeaderPackage Package)> RepositoryAsync(
        string folder, string name, string release, string? variant, string payload, CancellationToken token, string? claimedSha256 = null, string version = Version) =>
        FakeKernelDevelRpm.RepositoryAsync(_sources.Scratch, folder, name, version, release, variant, payload, token, claimedSha256);
}
