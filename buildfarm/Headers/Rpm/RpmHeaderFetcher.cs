using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Headers.Repositories;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Headers.Rpm;

/// <summary>
/// Fetches a resolved RPM header set: each package from the headers cache when its bytes still hash to the
/// repodata's sha256, else downloaded from its repository location and checked against that digest before it
/// enters the cache; then extracted into a private root (<see cref="RpmPackageExtractor"/>). A root already
/// extracted from exactly that set is reused without touching any package.
/// </summary>
internal sealed class RpmHeaderFetcher(
    RpmHeaderSourceOptions options, HttpClient httpClient, HeaderCache cache, IProcessRunner processRunner, TimeProvider timeProvider, ILogger logger)
{
    private readonly RepositoryPackageDownloads _downloads = new(cache, new RepositoryClient(httpClient, options.PackageTimeout), timeProvider, logger);

    /// <exception cref="HeadersUnavailableException">A package is neither cached nor downloadable.</exception>
    /// <exception cref="HeaderSourceException">A download does not match its digest, or extraction failed.</exception>
    public async Task<KernelHeaders> FetchAsync(HeaderPackageSet set, string rootDirectory, IProgress<HeaderFetchProgress>? progress, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        if (ExtractedHeaders.IsExtracted(rootDirectory, set))
        {
            foreach (var package in set.Packages)
            {
                progress?.Report(new HeaderFetchProgress(package, package.Size, FromCache: true));
            }

            return ExactBuildCheck.Verified(RpmHeaderLayout.Locate(set, rootDirectory, set.Packages.Count), distroVersion: null, buildStringRequired: false);
        }

        var (cached, fromCache, _) = await _downloads.CacheAsync(set, "the RPM repository", progress, cancellationToken);
        var files = set.Packages.Zip(cached).ToList();
        var workDirectory = cache.NewWorkDirectory();
        try
        {
            await new RpmPackageExtractor(processRunner, options.ExtractTimeout, RpmTrust.For(options, set.Target))
                .ExtractAsync(files, rootDirectory, ExtractedHeaders.Manifest(set), workDirectory, cancellationToken);
        }
        finally
        {
            Directory.Delete(workDirectory, recursive: true);
        }

        var headers = ExactBuildCheck.Verified(RpmHeaderLayout.Locate(set, rootDirectory, fromCache), distroVersion: null, buildStringRequired: false);
        HeadersLog.Fetched(logger, set.Target, rootDirectory, fromCache, set.Packages.Count, timeProvider.GetElapsedTime(started).TotalSeconds);
        return headers;
    }
}
