using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Headers.Debian;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Tests.Compilation;
using KernelAgent.BuildFarm.Tests.Headers;
using KernelAgent.BuildFarm.Tests.Headers.Debian;
using KernelAgent.BuildFarm.Tests.Hosting;
using KernelAgent.Protocol.V1;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Tests.Builds;

/// <summary>
/// A real Debian kernel crawled from this machine's configured apt sources with its header packages kept in a fresh
/// headers cache, then built by a farm whose only apt source is a local repository with an empty index (as if the
/// mirrors had dropped the kernel): the build comes from the cache alone.
/// </summary>
[Trait("Category", "Integration")]
[Collection(DebianArchiveTestGroup.Name)]
public sealed class CachedHeadersBuildTests(DebianHeadersFixture kernels, ITestOutputHelper output) : IDisposable
{
    private readonly ScratchDirectory _scratch = new("kept-headers");

    public void Dispose() => _scratch.Dispose();

    [Fact(Timeout = 900_000)]
    public async Task Build_KernelGoneFromTheIndexButKeptByCrawl_BuildsFromTheHeadersCache()
    {
        kernels.Require();
        var token = TestContext.Current.CancellationToken;
        var cache = Path.Join(_scratch.Path, "cache");
        var target = kernels.Amd64;

        var crawl = await Crawler(cache).CrawlAsync(
            new CatalogCrawlRequest { BuildStringScope = all => [.. all.Where(k => k.Distro == "debian" && k.Release == target.KernelRelease && k.PackageVersion == kernels.PackageVersion)] },
            token);
        var kept = await new CatalogHeaderKeeper([MachineSource(cache)]).KeepAsync(crawl.Catalog, null, null, token);
        var crawled = crawl.Catalog.Kernels.Single(k => k.BuildString is not null);
        var keptTarget = new KernelTarget(crawled.Distro, crawled.DistroVersion, crawled.Arch, crawled.Release, crawled.BuildString!);
        output.WriteLine($"kept {keptTarget}: {kept.Downloaded} packages downloaded ({kept.BytesDownloaded} bytes), {kept.AlreadyCached} already cached");
        Assert.Equal((1, 0), (kept.Kernels, kept.Failed));
        Assert.Equal(crawled.HeaderPackages.Count, kept.Downloaded + kept.AlreadyCached);

        var emptyIndex = EmptyRepository();
        var fresh = Path.Join(_scratch.Path, "fresh-cache");
        await Assert.ThrowsAsync<HeadersUnavailableException>(() => GoneSource(emptyIndex, fresh, "apt-check").ResolveAsync(keptTarget, token));

        await using var farm = await InProcessFarm.StartAsync(settings: new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Headers:Cache:Directory"] = cache,
            ["Headers:Debian:AptDirectory"] = Path.Join(_scratch.Path, "apt-gone"),
            ["Headers:Debian:Sources:0"] = emptyIndex,
        });
        var request = new BuildRequest { Variant = RealFarm.Variant(keptTarget), Driver = TestVariants.Sample, RequestedBy = "integration-test" };
        var stream = await BuildStreams.ReadAllAsync(farm.Client.Build(request, cancellationToken: token), token);
        RealFarm.RequireToolchain(stream.Events.Count > 0 ? stream.Last.Failed?.Message : null);

        Assert.Null(stream.Error);
        Assert.True(stream.Last.State == BuildState.Succeeded, $"{stream.Last}");
        var fetches = stream.Events.Where(e => e.DetailCase == BuildEvent.DetailOneofCase.FetchingHeaders).Select(e => e.FetchingHeaders).ToList();
        Assert.All(fetches, f => Assert.True(f.FromCache, $"{f}"));
        var resolved = await farm.Client.ResolveAsync(new ResolveRequest { Variant = request.Variant, Driver = request.Driver }, cancellationToken: token);
        var module = await farm.Http.GetByteArrayAsync(new Uri(resolved.Artifact.StoreUrl + resolved.Artifact.ModuleKey), token);
        var path = Path.Join(_scratch.Path, "kagent_sample.ko");
        await File.WriteAllBytesAsync(path, module, token);
        Assert.Contains(SampleModuleBuild.ModinfoStrings(path), s => s.StartsWith($"vermagic={keptTarget.KernelRelease} SMP ", StringComparison.Ordinal));

        // Without the common package in the cache, real apt over the empty index cannot supply it either: the error names it.
        var common = crawled.HeaderPackages[1];
        File.Delete(Path.Join(cache, "packages", "sha256", common.Sha256));
        var missing = await Assert.ThrowsAsync<HeadersUnavailableException>(
            () => GoneSource(emptyIndex, cache, "apt-gone-2").FetchAsync(keptTarget, Path.Join(_scratch.Path, "root"), null, token));
        output.WriteLine(missing.Message);
        Assert.Equal(common.Name, missing.Package);
        Assert.Contains($"'{common.Name}' version '{common.Version}' ({common.Architecture}, sha256 {common.Sha256})", missing.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(crawled.HeaderPackages[0].Name + "'", missing.Message, StringComparison.Ordinal);
    }

    private static CatalogCrawler Crawler(string cache) => new(
        [new AptKernelCrawler(
            Options.Create(new DebianHeaderSourceOptions { AptDirectory = TestCacheDirectory.Apt }),
            Options.Create(new HeaderCacheOptions { Directory = cache }),
            new ProcessRunner(TimeProvider.System),
            TimeProvider.System,
            NullLogger<AptKernelCrawler>.Instance)],
        TimeProvider.System,
        NullLogger<CatalogCrawler>.Instance);

    // The machine's own apt sources, through the private apt root the integration tests share.
    private static DebianHeaderSource MachineSource(string cache) => new(
        Options.Create(new DebianHeaderSourceOptions { AptDirectory = TestCacheDirectory.Apt }),
        Options.Create(new HeaderCacheOptions { Directory = cache }),
        new ProcessRunner(TimeProvider.System),
        TimeProvider.System,
        NullLogger<DebianHeaderSource>.Instance);

    private DebianHeaderSource GoneSource(string source, string cache, string aptFolder) => new(
        Options.Create(new DebianHeaderSourceOptions { AptDirectory = Path.Join(_scratch.Path, aptFolder), Sources = { source } }),
        Options.Create(new HeaderCacheOptions { Directory = cache }),
        new ProcessRunner(TimeProvider.System),
        TimeProvider.System,
        NullLogger<DebianHeaderSource>.Instance);

    /// <summary>A flat local repository whose index lists no package: the archive after the kernel left it.</summary>
    private string EmptyRepository()
    {
        var repository = Path.Join(_scratch.Path, "repository");
        Directory.CreateDirectory(repository);
        File.WriteAllText(Path.Join(repository, "Packages"), "");
        return $"Types: deb\nURIs: file:{repository}\nSuites: ./\nTrusted: yes\n";
    }
}
