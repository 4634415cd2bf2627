using System.Collections.Concurrent;
using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>Runs the family crawlers, then reads the build strings of the kernels in scope, in parallel.</summary>
internal sealed class CatalogCrawler(IEnumerable<IKernelCrawler> crawlers, TimeProvider time, ILogger<CatalogCrawler> logger) : ICatalogCrawler
{
    private readonly IReadOnlyList<IKernelCrawler> _crawlers = [.. crawlers];

    public IReadOnlyList<string> Families => [.. _crawlers.Select(c => c.Family)];

    public async Task<CatalogCrawl> CrawlAsync(CatalogCrawlRequest request, CancellationToken cancellationToken)
    {
        var crawledAt = time.GetUtcNow();
        var sources = new List<CatalogSource>();
        var found = new List<(IKernelCrawler Crawler, CatalogKernel Kernel)>();
        var warnings = new List<string>();
        foreach (var crawler in _crawlers.Where(c => request.Families?.Contains(c.Family) ?? c.IsConfigured))
        {
            var result = await crawler.CrawlAsync(cancellationToken);
            sources.AddRange(result.Sources);
            found.AddRange(result.Kernels.Select(k => (crawler, k)));
            warnings.AddRange(result.Warnings.Select(w => $"{crawler.Family}: {w}"));
        }

        var kernels = found.Select(f => f.Kernel).ToList();
        if (request.ResolveBuildStrings)
        {
            var scope = request.BuildStringScope?.Invoke(kernels).ToHashSet() ?? [.. kernels];
            var resolved = await ResolveAsync([.. found.Where(f => scope.Contains(f.Kernel))], request.Parallelism, warnings, cancellationToken);
            kernels = [.. kernels.Select(k => resolved.GetValueOrDefault(k, k))];
        }

        foreach (var warning in warnings)
        {
            MatrixLog.CrawlWarning(logger, "catalog", warning);
        }

        var ordered = kernels
            .OrderBy(k => k.Distro, StringComparer.Ordinal).ThenBy(k => k.DistroVersion, StringComparer.Ordinal)
            .ThenBy(k => k.Arch, StringComparer.Ordinal).ThenBy(k => k.Release, StringComparer.Ordinal)
            .ThenBy(k => k.PackageVersion, StringComparer.Ordinal)
            .ToList();
        return new CatalogCrawl(new KernelCatalog(crawledAt, sources, ordered), warnings);
    }

    private async Task<Dictionary<CatalogKernel, CatalogKernel>> ResolveAsync(
        List<(IKernelCrawler Crawler, CatalogKernel Kernel)> work, int parallelism, List<string> warnings, CancellationToken cancellationToken)
    {
        var resolved = new ConcurrentDictionary<CatalogKernel, CatalogKernel>();
        var problems = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(
            work,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken },
            async (item, token) =>
            {
                try
                {
                    if (await item.Crawler.ResolveBuildStringAsync(item.Kernel, token) is { } resolution)
                    {
                        resolved[item.Kernel] = item.Kernel with { BuildString = resolution.BuildString, BuildStringSource = resolution.Source };
                        MatrixLog.BuildStringResolved(logger, item.Kernel.ToString(), resolution.BuildString, resolution.Source);
                    }
                }
                catch (Exception e) when (e is HeaderSourceException or ExternalToolException or IOException)
                {
                    // One unreadable package leaves that kernel unresolved; the rest of the catalog is still good.
                    problems.Add($"build string of {item.Kernel} not resolved: {e.Message}");
                    MatrixLog.BuildStringFailed(logger, item.Kernel.ToString(), e.Message);
                }
            });
        warnings.AddRange(problems.Order(StringComparer.Ordinal));
        return new Dictionary<CatalogKernel, CatalogKernel>(resolved);
    }
}
