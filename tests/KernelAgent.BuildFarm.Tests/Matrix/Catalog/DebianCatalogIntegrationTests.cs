using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Headers.Debian;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Tests.Headers;
using KernelAgent.BuildFarm.Tests.Headers.Debian;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Tests.Matrix.Catalog;

/// <summary>A crawl of this machine's configured Debian sources (every suite), through the private apt root the build tests share.</summary>
[Collection(DebianArchiveTestGroup.Name)]
[Trait("Category", "Integration")]
public sealed class DebianCatalogIntegrationTests(DebianHeadersFixture archive)
{
    [Fact]
    public async Task Crawl_ConfiguredDebianSources_FindsTheAvailableAbisAndFlavours()
    {
        archive.Require();
        var crawler = Crawler();
        var newest = new HashSet<string>([$"{archive.Abi}-amd64", $"{archive.Abi}-arm64"]);

        var crawl = await crawler.CrawlAsync(
            new CatalogCrawlRequest { BuildStringScope = kernels => [.. kernels.Where(k => newest.Contains(k.Release) && k.PackageVersion == archive.PackageVersion)] },
            CancellationToken.None);

        var kernels = crawl.Catalog.Kernels;
        var x86 = kernels.Where(k => k.Distro == "debian" && k.Arch == "x86_64" && k.Series == "6.1").ToList();
        var arm = kernels.Where(k => k.Distro == "debian" && k.Arch == "aarch64" && k.Series == "6.1").ToList();
        Assert.Contains(archive.Abi, x86.Select(k => k.Abi));
        Assert.Contains(archive.Abi, arm.Select(k => k.Abi));
        Assert.Superset(new HashSet<string> { "amd64", "cloud-amd64", "rt-amd64" }, x86.Select(k => k.Flavour).ToHashSet());
        Assert.Contains("arm64", arm.Select(k => k.Flavour));
        Assert.All(kernels, k => Assert.Equal($"linux-headers-{k.Release}", k.HeaderPackages[0].Name));
        Assert.All(kernels.Where(k => k.Series == "6.1"), k => Assert.Contains(k.HeaderPackages, p => p.Name == "linux-kbuild-6.1"));
        Assert.Contains(crawl.Catalog.Sources, s => s.Kernels > 0 && s.Location.Contains("-security", StringComparison.Ordinal));

        var resolved = kernels.Where(k => k.BuildString is not null).ToList();
        Assert.Equal(newest, resolved.Select(k => k.Release).ToHashSet());
        Assert.All(resolved, k => Assert.Contains($" Debian {archive.PackageVersion} (", k.BuildString, StringComparison.Ordinal));
        Assert.All(resolved, k => Assert.StartsWith("include/generated/utsversion.h of linux-headers-", k.BuildStringSource, StringComparison.Ordinal));
    }

    private static CatalogCrawler Crawler() => new(
        [new AptKernelCrawler(
            Options.Create(new DebianHeaderSourceOptions { AptDirectory = TestCacheDirectory.Apt }),
            Options.Create(new HeaderCacheOptions { Directory = TestCacheDirectory.Headers }),
            new ProcessRunner(TimeProvider.System),
            TimeProvider.System,
            NullLogger<AptKernelCrawler>.Instance)],
        TimeProvider.System,
        NullLogger<CatalogCrawler>.Instance);
}
