using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Headers.Rpm;
using KernelAgent.BuildFarm.Headers.Ubuntu;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Tests.Headers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Tests.Matrix.Catalog;

/// <summary>The Ubuntu and RPM crawlers over the index fixtures the header sources are tested with, laid out as real repositories.</summary>
public sealed class RepositoryKernelCrawlerTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new("matrix-repos");
    private readonly HttpClient _http = new();

    private IOptions<HeaderCacheOptions> Cache => Options.Create(new HeaderCacheOptions { Directory = Path.Join(_scratch.Path, "cache") });

    public void Dispose()
    {
        _http.Dispose();
        _scratch.Dispose();
    }

    [Fact]
    public async Task Ubuntu_ArchiveAndPorts_ListsEveryPocketsKernelsWithTheirCommonHeaders()
    {
        var (archive, ports) = RepositoryFixtures.UbuntuArchives(_scratch.Path);
        var crawler = Ubuntu(new UbuntuHeaderSourceOptions { ArchiveUri = archive, PortsArchiveUri = ports });

        var result = await crawler.CrawlAsync(CancellationToken.None);

        Assert.True(crawler.IsConfigured);
        Assert.Equal(
            ["5.15.0-25-generic", "5.15.0-91-generic", "5.15.0-92-generic", "6.5.0-14-generic"],
            result.Kernels.Where(k => k.Arch == "x86_64").Select(k => k.Release).Order(StringComparer.Ordinal));
        Assert.Contains(result.Kernels, k => k.Arch == "aarch64" && k.Release == "5.15.0-91-generic");
        var hwe = result.Kernels.Single(k => k.Release == "6.5.0-14-generic");
        Assert.Equal(("ubuntu", "22.04", "generic", "6.5", "6.5.0-14", "6.5.0-14.14~22.04.1"), (hwe.Distro, hwe.DistroVersion, hwe.Flavour, hwe.Series, hwe.Abi, hwe.PackageVersion));
        Assert.Equal(["linux-headers-6.5.0-14-generic", "linux-hwe-6.5-headers-6.5.0-14"], hwe.HeaderPackages.Select(p => p.Name));
        Assert.All(result.Kernels, k => Assert.Null(k.BuildString));
        // The index fixtures have no pool: the build string's package is named as missing, not guessed.
        var missing = await Assert.ThrowsAsync<HeadersUnavailableException>(() => crawler.ResolveBuildStringAsync(hwe, CancellationToken.None));
        Assert.Contains("linux-headers-6.5.0-14-generic", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rpm_RhelAndAmazonRepositories_ListDevelPackagesAsKernels()
    {
        var rhel = RepositoryFixtures.RpmRepository(_scratch.Path, "rhel9");
        var amazon = RepositoryFixtures.RpmRepository(_scratch.Path, "amzn2023");
        var options = new RpmHeaderSourceOptions
        {
            Repositories =
            {
                new RpmRepository { DistroId = "rhel", VersionId = "9.3", Architecture = "x86_64", BaseUri = rhel, AllowUnsigned = true },
                new RpmRepository { DistroId = "rhel", VersionId = "9.3", Architecture = "aarch64", BaseUri = rhel, AllowUnsigned = true },
                new RpmRepository { DistroId = "amzn", VersionId = "2023", Architecture = "x86_64", BaseUri = amazon, AllowUnsigned = true },
            },
        };
        var crawler = Rpm(options);

        var result = await crawler.CrawlAsync(CancellationToken.None);

        Assert.Equal(
            [
                ("amzn", "6.1.61-85.141.amzn2023.x86_64", "default"),
                ("amzn", "6.12.40-63.114.amzn2023.x86_64", "default"),
                ("rhel", "5.14.0-362.13.1.el9_3.x86_64", "default"),
                ("rhel", "5.14.0-362.8.1.el9_3.aarch64", "default"),
                ("rhel", "5.14.0-362.8.1.el9_3.x86_64", "default"),
                ("rhel", "5.14.0-362.8.1.el9_3.x86_64+rt", "rt"),
            ],
            result.Kernels.Select(k => (k.Distro, k.Release, k.Flavour)).Order());
        var rt = result.Kernels.Single(k => k.Flavour == "rt");
        Assert.Equal(("9.3", "5.14", "5.14.0-362.8.1.el9_3", "kernel-rt-devel"), (rt.DistroVersion, rt.Series, rt.Abi, rt.HeaderPackages[0].Name));
        Assert.Equal("6.12", result.Kernels.Single(k => k.Release.StartsWith("6.12.40", StringComparison.Ordinal)).Series);
        Assert.Equal(3, result.Sources.Count);
    }

    [Fact]
    public void Unconfigured_UbuntuAndRpm_AreNotCrawledByDefault()
    {
        Assert.False(Ubuntu(new UbuntuHeaderSourceOptions()).IsConfigured);
        Assert.False(Rpm(new RpmHeaderSourceOptions()).IsConfigured);
    }

    private UbuntuKernelCrawler Ubuntu(UbuntuHeaderSourceOptions options) => new(
        Options.Create(options), Cache, _http, new ProcessRunner(TimeProvider.System), TimeProvider.System, NullLogger<UbuntuKernelCrawler>.Instance);

    private RpmKernelCrawler Rpm(RpmHeaderSourceOptions options) => new(
        Options.Create(options), Options.Create(new RpmKernelCrawlerOptions()), Cache, _http, new ProcessRunner(TimeProvider.System), TimeProvider.System,
        NullLogger<RpmKernelCrawler>.Instance);
}
