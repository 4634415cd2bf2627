using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Headers.Rpm;
using KernelAgent.BuildFarm.Headers.Ubuntu;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Matrix.Policy;
using KernelAgent.BuildFarm.Matrix.Snapshots;
using KernelAgent.BuildFarm.Tests.Headers;
using KernelAgent.BuildFarm.Tests.Headers.Rpm;
using KernelAgent.BuildFarm.Tests.Headers.Ubuntu;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static KernelAgent.BuildFarm.Tests.Matrix.MatrixTestData;

namespace KernelAgent.BuildFarm.Tests.Matrix.Catalog;

/// <summary>
/// Build strings of Ubuntu and RPM kernels read by the crawl from their own header packages: a real .deb (dpkg-deb)
/// served over HTTP on 127.0.0.1 and a real .rpm (rpmbuild), each with a generated compile.h defining UTS_VERSION.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RepositoryBuildStringTests : IDisposable
{
    private const string RhelBuild = "#1 SMP PREEMPT_DYNAMIC Tue Nov 7 14:54:22 EST 2023";
    private const string RhelRelease = "5.14.0-362.8.1.el9_3.x86_64";

    private readonly ScratchDirectory _scratch = new("crawl-strings");
    private readonly HttpClient _http = new();
    private readonly LocalHttpRepository _server;

    public RepositoryBuildStringTests()
    {
        IntegrationRequirement.Require(FakeUbuntuArchive.DpkgDebAvailable, "dpkg-deb (Debian package dpkg) builds and extracts the fake Ubuntu packages");
        FakeKernelDevelRpm.Require();
        FakeUbuntuArchive.Create(Path.Join(_scratch.Path, "mirror", "ubuntu"), (common, flavour) =>
        {
            FakeUbuntuArchive.FillStandIns(common, flavour);
            File.WriteAllText(Path.Join(flavour, "include", "generated", "compile.h"), $"#define UTS_MACHINE \"x86_64\"\n#define UTS_VERSION \"{FakeUbuntuArchive.Build}\"\n");
        });
        _server = new LocalHttpRepository(Path.Join(_scratch.Path, "mirror"));
    }

    private string CacheDirectory => Path.Join(_scratch.Path, "cache");

    public void Dispose()
    {
        _server.Dispose();
        _http.Dispose();
        _scratch.Dispose();
    }

    [Fact(Timeout = 180_000)]
    public async Task Crawl_UbuntuAndRhelPackagesWithCompileH_RecordsTheExactBuildStringsAndCachesThePackages()
    {
        var token = TestContext.Current.CancellationToken;
        var (rpm, package) = await FakeKernelDevelRpm.RepositoryAsync(_scratch.Path, "rhel9", "kernel-devel", "5.14.0", "362.8.1.el9_3", null, "w2.xzdio", token, utsVersion: RhelBuild);

        var crawl = await Crawler(rpm).CrawlAsync(new CatalogCrawlRequest(), token);

        var ubuntu = crawl.Catalog.Kernels.Single(k => k.Distro == "ubuntu");
        var rhel = crawl.Catalog.Kernels.Single(k => k.Distro == "rhel");
        Assert.Equal(FakeUbuntuArchive.Build, ubuntu.BuildString);
        Assert.Equal($"include/generated/compile.h of {FakeUbuntuArchive.FlavourPackage} 5.15.0-91.101", ubuntu.BuildStringSource);
        Assert.Equal((RhelRelease, RhelBuild), (rhel.Release, rhel.BuildString));
        Assert.True(File.Exists(Path.Join(CacheDirectory, "packages", "sha256", package.Sha256)));
        Assert.True(File.Exists(Path.Join(CacheDirectory, "packages", "sha256", FakeUbuntuArchive.Sha256(FakeUbuntuArchive.FlavourFile(Path.Join(_scratch.Path, "mirror", "ubuntu"))))));
        Assert.Empty(crawl.Warnings);

        // The second crawl reads the strings remembered by digest: no package is downloaded again.
        var again = await Crawler(rpm).CrawlAsync(new CatalogCrawlRequest(), token);
        Assert.Equal(1, _server.Requests(".deb"));
        Assert.Equal(crawl.Catalog.Kernels.Select(k => k.BuildString), again.Catalog.Kernels.Select(k => k.BuildString));
    }

    [Fact(Timeout = 180_000)]
    public async Task Crawl_RpmPackageWhoseBytesAreNotItsDigest_FailsThatKernelNamingItAndResolvesTheOthers()
    {
        var token = TestContext.Current.CancellationToken;
        var (rpm, _) = await FakeKernelDevelRpm.RepositoryAsync(_scratch.Path, "rhel9", "kernel-devel", "5.14.0", "362.8.1.el9_3", null, "w2.xzdio", token,
            claimedSha256: new string('0', 64), utsVersion: RhelBuild);

        var crawl = await Crawler(rpm).CrawlAsync(new CatalogCrawlRequest(), token);

        Assert.Null(crawl.Catalog.Kernels.Single(k => k.Distro == "rhel").BuildString);
        Assert.Equal(FakeUbuntuArchive.Build, crawl.Catalog.Kernels.Single(k => k.Distro == "ubuntu").BuildString);
        var warning = Assert.Single(crawl.Warnings);
        Assert.Contains(RhelRelease, warning, StringComparison.Ordinal);
        Assert.Contains(new string('0', 64), warning, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Join(CacheDirectory, "packages", "sha256", new string('0', 64))));
    }

    [Fact(Timeout = 180_000)]
    public async Task Crawl_TreeWithoutUtsVersion_LeavesTheBuildStringNullWithAWarningNamingTheKernel()
    {
        var token = TestContext.Current.CancellationToken;
        var (rpm, _) = await FakeKernelDevelRpm.RepositoryAsync(_scratch.Path, "rhel9", "kernel-devel", "5.14.0", "362.8.1.el9_3", null, "w2.xzdio", token);

        var crawl = await Crawler(rpm).CrawlAsync(new CatalogCrawlRequest(), token);

        Assert.Null(crawl.Catalog.Kernels.Single(k => k.Distro == "rhel").BuildString);
        var warning = Assert.Single(crawl.Warnings);
        Assert.Contains(RhelRelease, warning, StringComparison.Ordinal);
        Assert.Contains("compile.h", warning, StringComparison.Ordinal);
    }

    [Fact(Timeout = 180_000)]
    public async Task Crawl_UbuntuStringOfAnotherUpload_IsRefusedNamingBoth()
    {
        var token = TestContext.Current.CancellationToken;
        FakeUbuntuArchive.Create(Path.Join(_scratch.Path, "mirror", "other-upload"), (common, flavour) =>
        {
            FakeUbuntuArchive.FillStandIns(common, flavour);
            File.WriteAllText(Path.Join(flavour, "include", "generated", "compile.h"), "#define UTS_VERSION \"#99-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023\"\n");
        });
        var (rpm, _) = await FakeKernelDevelRpm.RepositoryAsync(_scratch.Path, "rhel9", "kernel-devel", "5.14.0", "362.8.1.el9_3", null, "w2.xzdio", token, utsVersion: RhelBuild);

        var crawl = await Crawler(rpm, "other-upload/").CrawlAsync(new CatalogCrawlRequest(), token);

        Assert.Null(crawl.Catalog.Kernels.Single(k => k.Distro == "ubuntu").BuildString);
        Assert.Equal(RhelBuild, crawl.Catalog.Kernels.Single(k => k.Distro == "rhel").BuildString);
        var warning = Assert.Single(crawl.Warnings);
        Assert.Contains(FakeUbuntuArchive.Release, warning, StringComparison.Ordinal);
        Assert.Contains("#99-Ubuntu", warning, StringComparison.Ordinal);
    }

    [Fact(Timeout = 180_000)]
    public async Task Crawl_ScopeWithoutTheRpmKernelOrNoBuildStrings_DownloadsNothingForIt()
    {
        var token = TestContext.Current.CancellationToken;
        var (rpm, package) = await FakeKernelDevelRpm.RepositoryAsync(_scratch.Path, "rhel9", "kernel-devel", "5.14.0", "362.8.1.el9_3", null, "w2.xzdio", token, utsVersion: RhelBuild);

        var scoped = await Crawler(rpm).CrawlAsync(new CatalogCrawlRequest { BuildStringScope = kernels => [.. kernels.Where(k => k.Distro == "ubuntu")] }, token);
        var none = await Crawler(rpm).CrawlAsync(new CatalogCrawlRequest { ResolveBuildStrings = false }, token);

        Assert.Null(scoped.Catalog.Kernels.Single(k => k.Distro == "rhel").BuildString);
        Assert.NotNull(scoped.Catalog.Kernels.Single(k => k.Distro == "ubuntu").BuildString);
        Assert.All(none.Catalog.Kernels, k => Assert.Null(k.BuildString));
        Assert.False(File.Exists(Path.Join(CacheDirectory, "packages", "sha256", package.Sha256)));
    }

    [Fact(Timeout = 180_000)]
    public async Task Plan_CrawledUbuntuAndRhelKernels_ArePlannedInsteadOfUnresolved()
    {
        var token = TestContext.Current.CancellationToken;
        var (rpm, _) = await FakeKernelDevelRpm.RepositoryAsync(_scratch.Path, "rhel9", "kernel-devel", "5.14.0", "362.8.1.el9_3", null, "w2.xzdio", token, utsVersion: RhelBuild);
        var crawl = await Crawler(rpm).CrawlAsync(new CatalogCrawlRequest(), token);
        var policy = SupportPolicyParser.Parse(
            $$"""
            {
              "format": "kernelagent-policy/v1",
              "name": "test",
              "targets": [
                { "distro": "ubuntu", "versions": ["22.04"], "arches": ["x86_64"], "flavours": ["generic"], "window": { "newestAbis": 5 } },
                { "distro": "rhel", "versions": ["9.3"], "arches": ["x86_64"], "flavours": ["default"], "window": { "newestAbis": 5 } }
              ],
              "drivers": [ { "name": "{{Driver}}", "version": "1.0.0" } ]
            }
            """,
            "(test)");

        var plan = await Planner().PlanAsync(policy, crawl.Catalog, null, [], token);

        Assert.Empty(plan.Unresolved);
        Assert.Equal(
            [(RhelRelease, RhelBuild), (FakeUbuntuArchive.Release, FakeUbuntuArchive.Build)],
            plan.Added.Select(a => (a.Entry.Kernel.KernelRelease, a.Entry.Kernel.KernelVersion)).Order());
    }

    [Fact(Timeout = 180_000)]
    public async Task CacheHeaders_CrawledUbuntuAndRhelKernels_KeepsEveryPackageAndRecordsEachKernelsSet()
    {
        var token = TestContext.Current.CancellationToken;
        var (rpm, _) = await FakeKernelDevelRpm.RepositoryAsync(_scratch.Path, "rhel9", "kernel-devel", "5.14.0", "362.8.1.el9_3", null, "w2.xzdio", token, utsVersion: RhelBuild);
        var crawl = await Crawler(rpm).CrawlAsync(new CatalogCrawlRequest(), token);
        var ubuntu = FakeUbuntuArchive.Source(new Uri(_server.BaseUri, "ubuntu/"), CacheDirectory, _http);
        var rhel = new RhelHeaderSource(
            Options.Create(RpmOptions(rpm)), Options.Create(new HeaderCacheOptions { Directory = CacheDirectory }), _http,
            new ProcessRunner(TimeProvider.System), TimeProvider.System, NullLogger<RhelHeaderSource>.Instance);

        var kept = await new CatalogHeaderKeeper([ubuntu, rhel]).KeepAsync(crawl.Catalog, null, null, token);

        // The crawl cached both flavour packages; keeping adds Ubuntu's common package.
        Assert.Equal((2, 1, 2, 0), (kept.Kernels, kept.Downloaded, kept.AlreadyCached, kept.Failed));
        Assert.Equal(2, Directory.GetFiles(Path.Join(CacheDirectory, "targets")).Length);
        Assert.Equal(2, _server.Requests(".deb"));
    }

    private static RpmHeaderSourceOptions RpmOptions(Uri rpmRepository) =>
        new() { Repositories = { new RpmRepository { DistroId = "rhel", VersionId = "9.3", Architecture = "x86_64", BaseUri = rpmRepository, AllowUnsigned = true } } };

    private CatalogCrawler Crawler(Uri rpmRepository, string ubuntuArchive = "ubuntu/")
    {
        var runner = new ProcessRunner(TimeProvider.System);
        var cache = Options.Create(new HeaderCacheOptions { Directory = CacheDirectory });
        var ubuntu = new UbuntuKernelCrawler(
            Options.Create(new UbuntuHeaderSourceOptions { ArchiveUri = new Uri(_server.BaseUri, ubuntuArchive), HostArchitecture = "amd64" }),
            cache, _http, runner, TimeProvider.System, NullLogger<UbuntuKernelCrawler>.Instance);
        var rpm = new RpmKernelCrawler(
            Options.Create(RpmOptions(rpmRepository)),
            Options.Create(new RpmKernelCrawlerOptions()), cache, _http, runner, TimeProvider.System, NullLogger<RpmKernelCrawler>.Instance);
        return new CatalogCrawler([ubuntu, rpm], TimeProvider.System, NullLogger<CatalogCrawler>.Instance);
    }
}
