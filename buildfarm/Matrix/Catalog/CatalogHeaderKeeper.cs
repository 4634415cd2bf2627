using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;

namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>
/// Keeps the header packages of a crawl's kernels in the farm's headers cache, and records each kernel's set there
/// as its target: mirrors drop old kernels' packages, and a build then finds the set and its files in the cache.
/// Only kernels with a build string can be kept (the cache is keyed by the whole kernel identity), and only
/// families whose header source can download packages (<see cref="IHeaderPackageKeeper"/>).
/// Kernels are kept one after another: flavours of one ABI share most packages, which the first one downloads.
/// </summary>
internal sealed class CatalogHeaderKeeper(IEnumerable<IHeaderPackageKeeper> keepers)
{
    private readonly IReadOnlyList<IHeaderPackageKeeper> _keepers = [.. keepers];

    /// <param name="catalog">The crawled catalog.</param>
    /// <param name="packages">Each package's fetch (from the cache, download started, done).</param>
    /// <param name="kernels">Each kernel once its set is recorded.</param>
    /// <param name="cancellationToken">Stops between downloads; what is kept stays kept.</param>
    public async Task<CatalogHeadersKept> KeepAsync(
        KernelCatalog catalog, IProgress<HeaderFetchProgress>? packages, IProgress<KeptHeaders>? kernels, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        var withoutBuildString = 0;
        var unsupported = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int kept = 0, failed = 0, downloaded = 0, alreadyCached = 0;
        var bytes = 0L;
        foreach (var kernel in catalog.Kernels)
        {
            if (kernel.BuildString is null)
            {
                withoutBuildString++;
                continue;
            }

            var target = new KernelTarget(kernel.Distro, kernel.DistroVersion, kernel.Arch, kernel.Release, kernel.BuildString);
            if (_keepers.FirstOrDefault(k => k.Serves(target)) is not { } keeper)
            {
                unsupported[kernel.Distro] = unsupported.GetValueOrDefault(kernel.Distro) + 1;
                continue;
            }

            try
            {
                var result = await keeper.KeepAsync(SetOf(target, kernel), packages, cancellationToken);
                kept++;
                downloaded += result.Downloaded;
                alreadyCached += result.AlreadyCached;
                bytes += result.BytesDownloaded;
                kernels?.Report(result);
            }
            catch (Exception e) when (e is HeaderSourceException or InvalidKernelTargetException or ExternalToolException or IOException)
            {
                failed++;
                warnings.Add($"headers of {kernel} not kept: {e.Message}");
            }
        }

        if (withoutBuildString > 0)
        {
            warnings.Add($"{withoutBuildString} kernel(s) without a build string not kept: the headers cache is keyed by the whole kernel identity");
        }

        warnings.AddRange(unsupported.Select(u => $"{u.Value} {u.Key} kernel(s) not kept: no header source of this farm downloads {u.Key} packages yet"));
        return new CatalogHeadersKept(kept, downloaded, alreadyCached, bytes, failed, warnings);
    }

    /// <summary>The catalog's record of a kernel's packages as the header source's set (addresses are the source's to find).</summary>
    public static HeaderPackageSet SetOf(KernelTarget target, CatalogKernel kernel) => new(
        target,
        [.. kernel.HeaderPackages.Select(p => new HeaderPackage(p.Name, p.Version, p.Architecture, p.Sha256, p.Size, null))]);
}
