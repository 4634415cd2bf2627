using KernelAgent.BuildFarm.Headers.Cache;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Headers.Repositories;

/// <summary>
/// Brings a header set's package files into the headers cache from the addresses the repository index gave them
/// (<see cref="HeaderPackage.Location"/>, read through <see cref="RepositoryClient"/> and its timeout), for
/// sources that read the repository themselves rather than through a package manager. Every downloaded file is
/// checked against its indexed sha256 before the cache keeps it; cached files are re-hashed on every use.
/// </summary>
internal sealed class RepositoryPackageDownloads(HeaderCache cache, RepositoryClient repository, TimeProvider time, ILogger logger)
{
    /// <summary>The cached file of every package, in the set's order; downloads what the cache lacks.</summary>
    /// <param name="set">The packages, each with its location.</param>
    /// <param name="repositoryName">The repository for errors, e.g. "the Ubuntu archive".</param>
    /// <param name="progress">Told when each package starts and when it is in the cache.</param>
    /// <param name="cancellationToken">Cancels the downloads.</param>
    /// <exception cref="HeadersUnavailableException">Packages neither cached nor downloadable, named together.</exception>
    /// <exception cref="HeaderSourceException">A download's bytes are not the package its index names (nothing kept).</exception>
    public async Task<(IReadOnlyList<string> Files, int FromCache, long BytesDownloaded)> CacheAsync(
        HeaderPackageSet set, string repositoryName, IProgress<HeaderFetchProgress>? progress, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        var fromCache = 0;
        var bytes = 0L;
        var missing = new List<HeaderPackage>();
        HeaderSourceException? lastError = null;
        foreach (var package in set.Packages)
        {
            if (await cache.TryGetVerifiedAsync(package, cancellationToken) is { } cachedFile)
            {
                fromCache++;
                progress?.Report(new HeaderFetchProgress(package, package.Size, FromCache: true));
                files.Add(cachedFile);
                continue;
            }

            try
            {
                if (await DownloadAsync(package, progress, cancellationToken) is { } downloaded)
                {
                    files.Add(downloaded);
                    bytes += package.Size;
                    continue;
                }
            }
            catch (HeaderSourceException e) when (e is not PackageDigestMismatchException)
            {
                lastError = e;
            }

            missing.Add(package);
        }

        if (missing.Count > 0)
        {
            var where = $"{repositoryName} ({string.Join(", ", missing.Select(p => p.Location?.AbsoluteUri ?? "no recorded location"))})";
            throw new HeadersUnavailableException(set.Target, missing, cache.Directory, where, lastError);
        }

        return (files, fromCache, bytes);
    }

    /// <returns>The cached file; null when the repository has no file at the package's location (or it has none).</returns>
    private async Task<string?> DownloadAsync(HeaderPackage package, IProgress<HeaderFetchProgress>? progress, CancellationToken cancellationToken)
    {
        if (package.Location is not { } location)
        {
            return null;
        }

        var started = time.GetTimestamp();
        progress?.Report(new HeaderFetchProgress(package, 0, FromCache: false));
        var content = await repository.ReadRawAsync(location, cancellationToken);
        if (content is null)
        {
            return null;
        }

        var workDirectory = cache.NewWorkDirectory();
        try
        {
            var downloaded = Path.Join(workDirectory, "package");
            await File.WriteAllBytesAsync(downloaded, content, cancellationToken);
            string cached;
            try
            {
                cached = await cache.AddAsync(package, downloaded, cancellationToken);
            }
            catch (HeaderSourceException e)
            {
                throw new PackageDigestMismatchException($"{e.Message} It was downloaded from {location} and not kept: the repository or something on the way serves other bytes than its index names.", e);
            }

            progress?.Report(new HeaderFetchProgress(package, package.Size, FromCache: false));
            HeadersLog.Downloaded(logger, package.Name, package.Version, content.LongLength, package.Sha256, time.GetElapsedTime(started).TotalSeconds);
            return cached;
        }
        finally
        {
            Directory.Delete(workDirectory, recursive: true);
        }
    }
}
