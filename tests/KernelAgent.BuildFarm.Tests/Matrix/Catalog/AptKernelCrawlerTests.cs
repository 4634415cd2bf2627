using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Headers.Debian;
using KernelAgent.BuildFarm.Matrix;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Tests.Compilation;
using KernelAgent.BuildFarm.Tests.Headers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Tests.Matrix.Catalog;

/// <summary>
/// The Debian crawler over fixture Packages indexes, with apt itself scripted: "apt-get update" succeeds and
/// "apt-get indextargets" names the fixture files, as apt names its lists.
/// </summary>
public sealed class AptKernelCrawlerTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new("matrix-apt");

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Crawl_PackagesIndexes_FindsEveryFlavourKernelWithItsExactHeaderSet()
    {
        var result = await Crawler(out _).CrawlAsync(CancellationToken.None);

        Assert.Equal(
            ["6.1.0-55-amd64", "6.1.0-56-amd64", "6.1.0-56-arm64", "6.1.0-56-cloud-amd64", "6.1.0-56-rt-amd64", "6.12.117+deb12-amd64", "6.12.95+bpo-amd64"],
            result.Kernels.Select(k => k.Release).Order(StringComparer.Ordinal));
        var cloud = result.Kernels.Single(k => k.Release == "6.1.0-56-cloud-amd64");
        Assert.Equal(("debian", "12", "x86_64", "cloud-amd64", "6.1", "6.1.0-56", "6.1.192-2", "gcc-12"),
            (cloud.Distro, cloud.DistroVersion, cloud.Arch, cloud.Flavour, cloud.Series, cloud.Abi, cloud.PackageVersion, cloud.Compiler));
        Assert.Equal(["linux-headers-6.1.0-56-cloud-amd64", "linux-headers-6.1.0-56-common", "linux-kbuild-6.1"], cloud.HeaderPackages.Select(p => p.Name));
        Assert.Null(cloud.BuildString);
        Assert.Equal("linux-headers-6.1.0-56-common-rt", result.Kernels.Single(k => k.Flavour == "rt-amd64").HeaderPackages[1].Name);
    }

    [Fact]
    public async Task Crawl_Arm64Kernel_TakesCommonHeadersAndKbuildFromTheBuildMachinesArchitecture()
    {
        var result = await Crawler(out _).CrawlAsync(CancellationToken.None);

        var arm = result.Kernels.Single(k => k.Release == "6.1.0-56-arm64");
        Assert.Equal(("aarch64", "arm64"), (arm.Arch, arm.Flavour));
        Assert.Equal([("linux-headers-6.1.0-56-arm64", "arm64"), ("linux-headers-6.1.0-56-common", "all"), ("linux-kbuild-6.1", "amd64")],
            arm.HeaderPackages.Select(p => (p.Name, p.Architecture)));
    }

    [Fact]
    public async Task Crawl_OlderAbi_GetsTheNewestKbuildThatSatisfiesItsRelation()
    {
        var result = await Crawler(out _).CrawlAsync(CancellationToken.None);

        var older = result.Kernels.Single(k => k.Release == "6.1.0-55-amd64");
        Assert.Equal(("linux-kbuild-6.1", "6.1.192-2"), (older.HeaderPackages[2].Name, older.HeaderPackages[2].Version));
    }

    [Fact]
    public async Task Crawl_MetaPackagesIncompleteSetsAndForeignOrigins_AreLeftOutWithReasons()
    {
        var result = await Crawler(out _).CrawlAsync(CancellationToken.None);

        Assert.DoesNotContain(result.Kernels, k => k.Release is "amd64" or "6.12-amd64" or "6.1.0-57-amd64");
        Assert.Contains(result.Warnings, w => w.Contains("6.1.0-57-amd64", StringComparison.Ordinal) && w.Contains("linux-headers-6.1.0-57-common", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("origin 'Nodesource'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Crawl_SuiteWithoutVersion_TakesVersionIdFromItsCodename()
    {
        var result = await Crawler(out _).CrawlAsync(CancellationToken.None);

        Assert.Equal("12", result.Kernels.Single(k => k.Release == "6.12.95+bpo-amd64").DistroVersion);
        Assert.Equal(3, result.Sources.Count);
    }

    [Fact]
    public async Task ResolveBuildString_RememberedForThePackageDigest_NeedsNoDownload()
    {
        var crawler = Crawler(out var runner);
        var kernel = (await crawler.CrawlAsync(CancellationToken.None)).Kernels.Single(k => k.Release == "6.1.0-56-amd64");
        var memo = Path.Join(_scratch.Path, "cache", "build-strings", kernel.HeaderPackages[0].Sha256);
        Directory.CreateDirectory(Path.GetDirectoryName(memo)!);
        File.WriteAllText(memo, "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)\ninclude/generated/utsversion.h of linux-headers-6.1.0-56-amd64 6.1.192-2\n");
        var before = runner.Invocations.Count;

        var resolution = await crawler.ResolveBuildStringAsync(kernel, CancellationToken.None);

        Assert.Equal("#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)", resolution!.BuildString);
        Assert.Equal(before, runner.Invocations.Count);
    }

    [Fact]
    public void ReadUtsVersion_GeneratedHeaders_PrefersUtsversionThenCompileH()
    {
        var generated = Path.Join(_scratch.Path, "generated");
        Directory.CreateDirectory(generated);
        File.WriteAllText(Path.Join(generated, "compile.h"), "#define UTS_MACHINE \"x86_64\"\n#define UTS_VERSION \"#1 SMP Debian 5.10.1-1 (2021-01-01)\"\n");
        Assert.Equal(("#1 SMP Debian 5.10.1-1 (2021-01-01)", "compile.h"), GeneratedHeaders.ReadUtsVersion(generated));

        File.WriteAllText(Path.Join(generated, "utsversion.h"), "#define UTS_VERSION \"#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)\"\n");
        Assert.Equal(("#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)", "utsversion.h"), GeneratedHeaders.ReadUtsVersion(generated));
    }

    private AptKernelCrawler Crawler(out ScriptedProcessRunner runner)
    {
        var lists = Path.Join(_scratch.Path, "lists");
        Directory.CreateDirectory(lists);
        var targets = new List<string>();
        foreach (var (file, origin, codename, version, arch) in (IEnumerable<(string, string, string, string, string)>)
        [
            ("bookworm-security_amd64_Packages", "Debian", "bookworm-security", "12", "amd64"),
            ("bookworm-security_arm64_Packages", "Debian", "bookworm-security", "12", "arm64"),
            ("bookworm-backports_amd64_Packages", "Debian Backports", "bookworm-backports", "", "amd64"),
            ("bookworm-security_amd64_Packages", "Nodesource", "nodistro", "", "amd64"),
        ])
        {
            var path = Path.Join(lists, $"{origin.Replace(' ', '_')}_{file}");
            File.Copy(Path.Join(TestRepository.Root, "tests", "KernelAgent.BuildFarm.Tests", "Matrix", "Fixtures", file), path, overwrite: true);
            targets.Add($"MetaKey: main/binary-{arch}/Packages\nDescription: test {codename}/main {arch} Packages\nFilename: {path}\nCodename: {codename}\nOrigin: {origin}\n" +
                (version.Length > 0 ? $"Version: {version}\n" : "") + $"Architecture: {arch}\nComponent: main\nIdentifier: Packages\n");
            targets.Add($"MetaKey: main/i18n/Translation-en\nFilename: {path}.Translation\nIdentifier: Translations\n");
        }

        var script = new ScriptedProcessRunner(invocation => invocation.Arguments switch
        {
            ["indextargets"] => (0, string.Join("\n", targets).Split('\n')),
            _ => (0, []),
        });
        runner = script;
        var options = new DebianHeaderSourceOptions
        {
            AptDirectory = Path.Join(_scratch.Path, "apt"),
            HostArchitecture = "amd64",
            Sources = { "Types: deb\nURIs: http://archive.invalid/debian\nSuites: bookworm-security\nComponents: main\n" },
        };
        return new AptKernelCrawler(
            Options.Create(options), Options.Create(new HeaderCacheOptions { Directory = Path.Join(_scratch.Path, "cache") }),
            script, TimeProvider.System, NullLogger<AptKernelCrawler>.Instance);
    }
}
