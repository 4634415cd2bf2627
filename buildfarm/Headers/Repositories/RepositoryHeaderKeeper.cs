using KernelAgent.BuildFarm.Headers.Cache;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Headers.Repositories;

/// <summary>
/// Keeps the header packages of a kernel whose source reads the repository itself (Ubuntu, RPM families). The
/// catalog records packages without their addresses, so the source resolves the kernel again (which gives each
/// package's location); that set must be the catalog's, package for package by digest, or nothing is kept.
/// </summary>
internal sealed class RepositoryHeaderKeeper(HeaderCache cache, RepositoryPackageDownloads downloads, string repositoryName, ILogger logger)
{
    /// <param name="catalogued">The kernel's packages as the catalog recorded them.</param>
    /// <param name="resolved">The same kernel's set as its source resolves it now, with locations.</param>
    /// <param name="progress">Told when each package starts and when it is in the cache.</param>
    /// <param name="cancellationToken">Cancels the downloads.</param>
    /// <exception cref="HeaderSourceException">The sets differ, or a package could not be downloaded or did not match its digest.</exception>
    public async Task<KeptHeaders> KeepAsync(
        HeaderPackageSet catalogued, HeaderPackageSet resolved, IProgress<HeaderFetchProgress>? progress, CancellationToken cancellationToken)
    {
        var expected = catalogued.Packages.Select(p => p.Sha256).Order(StringComparer.Ordinal);
        var offered = resolved.Packages.Select(p => p.Sha256).Order(StringComparer.Ordinal);
        if (!expected.SequenceEqual(offered, StringComparer.Ordinal))
        {
            throw new HeaderSourceException(
                $"{catalogued.Target}: {repositoryName} resolves {Describe(resolved)}, but the catalog recorded {Describe(catalogued)}; crawl again before keeping its headers.");
        }

        var (_, fromCache, bytes) = await downloads.CacheAsync(resolved, repositoryName, progress, cancellationToken);
        if (cache.TryGetSet(resolved.Target) is null)
        {
            cache.StoreSet(resolved);
        }

        var downloaded = resolved.Packages.Count - fromCache;
        HeadersLog.Kept(logger, resolved.Target, downloaded, fromCache);
        return new KeptHeaders(resolved.Target, downloaded, fromCache, bytes);
    }

    private static string Describe(HeaderPackageSet set) => string.Join(", ", set.Packages.Select(p => $"{p.Name} {p.Version} (sha256 {p.Sha256})"));
}
