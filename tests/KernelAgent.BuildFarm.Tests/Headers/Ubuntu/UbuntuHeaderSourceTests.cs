using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Headers.Ubuntu;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Tests.Headers.Ubuntu;

public sealed class UbuntuHeaderSourceTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new("ubuntu-archive");
    private readonly HttpClient _http = new();
    private readonly UbuntuHeaderSource _source;
    private readonly Uri _archive;
    private readonly Uri _ports;

    public UbuntuHeaderSourceTests()
    {
        (_archive, _ports) = RepositoryFixtures.UbuntuArchives(_scratch.Path);
        _source = new UbuntuHeaderSource(
            Options.Create(new UbuntuHeaderSourceOptions { ArchiveUri = _archive, PortsArchiveUri = _ports, HostArchitecture = "amd64" }),
            Options.Create(new HeaderCacheOptions { Directory = Path.Join(_scratch.Path, "cache") }),
            _http,
            new ProcessRunner(TimeProvider.System),
            TimeProvider.System,
            NullLogger<UbuntuHeaderSource>.Instance);
    }

    private static KernelTarget Jammy(string release, string build, string machine = KernelMachine.X8664) => new("ubuntu", "22.04", machine, release, build);

    [Fact]
    public async Task ResolveAsync_GenericKernelFromUpdates_NamesFlavourAndCommonWithUrls()
    {
        var set = await _source.ResolveAsync(Jammy("5.15.0-91-generic", "#101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023"), TestContext.Current.CancellationToken);

        Assert.Equal(
            [
                new HeaderPackage("linux-headers-5.15.0-91-generic", "5.15.0-91.101", "amd64", RepositoryFixtures.FixtureSha256("jammy-91-generic"), 2908452,
                    new Uri(_archive, "pool/main/l/linux/linux-headers-5.15.0-91-generic_5.15.0-91.101_amd64.deb")),
                new HeaderPackage("linux-headers-5.15.0-91", "5.15.0-91.101", "all", RepositoryFixtures.FixtureSha256("jammy-91-common"), 12376160,
                    new Uri(_archive, "pool/main/l/linux/linux-headers-5.15.0-91_5.15.0-91.101_all.deb")),
            ],
            set.Packages);
    }

    [Fact]
    public async Task ResolveAsync_HweKernel_FollowsDependsToBackportsCommonPackage()
    {
        var set = await _source.ResolveAsync(Jammy("6.5.0-14-generic", "#14~22.04.1-Ubuntu SMP PREEMPT_DYNAMIC Mon Nov 20 18:15:30 UTC 2023"), TestContext.Current.CancellationToken);

        Assert.Equal(
            [("linux-headers-6.5.0-14-generic", "6.5.0-14.14~22.04.1"), ("linux-hwe-6.5-headers-6.5.0-14", "6.5.0-14.14~22.04.1")],
            set.Packages.Select(p => (p.Name, p.Version)));
    }

    [Fact]
    public async Task ResolveAsync_KernelGoneFromTheIndexAfterAResolution_ResolvesFromTheHeadersCache()
    {
        var target = Jammy("5.15.0-91-generic", "#101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023");
        var first = await _source.ResolveAsync(target, TestContext.Current.CancellationToken);
        Directory.Delete(Path.Join(_archive.LocalPath, "dists"), recursive: true);

        var second = await _source.ResolveAsync(target, TestContext.Current.CancellationToken);

        Assert.Equal(first.Packages, second.Packages);
    }

    [Fact]
    public async Task ResolveAsync_KernelOnlyInGzipSecurityIndex_IsFound()
    {
        var set = await _source.ResolveAsync(Jammy("5.15.0-92-generic", "#102-Ubuntu SMP Wed Jan 10 09:33:48 UTC 2024"), TestContext.Current.CancellationToken);

        Assert.Equal(RepositoryFixtures.FixtureSha256("jammy-92-generic"), set.Packages[0].Sha256);
    }

    [Fact]
    public async Task ResolveAsync_Arm64Kernel_ReadsPortsArchive()
    {
        var set = await _source.ResolveAsync(Jammy("5.15.0-91-generic", "#101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023", KernelMachine.Aarch64), TestContext.Current.CancellationToken);

        Assert.Equal(("arm64", new Uri(_ports, "pool/main/l/linux/linux-headers-5.15.0-91-generic_5.15.0-91.101_arm64.deb")), (set.Packages[0].Architecture, set.Packages[0].Location));
    }

    [Fact]
    public async Task FetchAsync_KernelOfAnotherArchitectureThanTheFarm_RefusesBeforeAnyDownloadNamingWhy()
    {
        var target = Jammy("5.15.0-91-generic", "#101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023", KernelMachine.Aarch64);
        var root = Path.Join(_scratch.Path, "root");

        var error = await Assert.ThrowsAsync<HeaderSourceException>(() => _source.FetchAsync(target, root, null, TestContext.Current.CancellationToken));

        Assert.Contains("cannot be built on this amd64 farm", error.Message, StringComparison.Ordinal);
        Assert.Contains("linux-headers-5.15.0-91-generic carries kbuild's host tools", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(root));
        Assert.False(Directory.Exists(Path.Join(_scratch.Path, "cache", "packages")));
    }

    [Fact]
    public async Task ResolveAsync_UploadNotInArchive_ThrowsNamingExactPackageAndVersion()
    {
        var error = await Assert.ThrowsAsync<HeadersUnavailableException>(
            () => _source.ResolveAsync(Jammy("5.15.0-91-generic", "#100-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023"), TestContext.Current.CancellationToken));

        Assert.Equal(("linux-headers-5.15.0-91-generic", "5.15.0-91.100"), (error.Package, error.Version));
    }

    [Fact]
    public async Task ResolveAsync_UnknownVersionId_ThrowsNamingDistroVersionId()
    {
        var target = new KernelTarget("ubuntu", "99.04", KernelMachine.X8664, "5.15.0-91-generic", "#101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023");

        var error = await Assert.ThrowsAsync<InvalidKernelTargetException>(() => _source.ResolveAsync(target, TestContext.Current.CancellationToken));

        Assert.Equal(nameof(KernelTarget.DistroVersionId), error.Field);
    }

    [Theory]
    [InlineData("5.15.0-91-generic", "#101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023", "5.15.0-91.101")]
    [InlineData("6.5.0-14-generic", "#14~22.04.1-Ubuntu SMP PREEMPT_DYNAMIC Mon Nov 20 18:15:30 UTC 2023", "6.5.0-14.14~22.04.1")]
    [InlineData("6.2.0-1017-aws", "#17~22.04.1-Ubuntu SMP Fri Nov 17 21:07:13 UTC 2023", "6.2.0-1017.17~22.04.1")]
    [InlineData("6.8.0-1009-raspi", "#10-Ubuntu SMP PREEMPT_DYNAMIC Mon Jul 29 13:38:14 UTC 2024", "6.8.0-1009.10")]
    public void ParsePackageVersion_UbuntuRelease_CombinesAbiAndUpload(string release, string build, string expected) =>
        Assert.Equal(expected, UbuntuBuildString.ParsePackageVersion(Jammy(release, build)));

    public void Dispose()
    {
        _http.Dispose();
        _scratch.Dispose();
    }
}
