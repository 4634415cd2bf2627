using KernelAgent.BuildFarm.Compilation;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Headers;

/// <summary>
/// Fetches a resolved RPM header set: each package from the headers cache when its bytes still hash to the
/// repodata's sha256, else downloaded from its repository location and checked against that digest before it
/// enters the cache; then extracted into a private root (<see cref="RpmPackageExtractor"/>). A root already
/// extracted from exactly that set is reused without touching any package.
/// </summary>
internal sealed class RpmHeaderFetcher(
    RpmHeaderSourceOptions options, HttpClient httpClient, HeaderCache cache, IProcessRunner processRunner, TimeProvider timeProvider, ILogger logger)
{
    private readonly RepositoryClient _packages = new(httpClient, options.PackageTimeout);
    private readonly RpmPackageExtractor _extractor = new(processRunner, options.ExtractTimeout);

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

            return RpmHeaderLayout.Locate(set, rootDirectory, set.Packages.Count);
        }

        var files = new List<(HeaderPackage, string)>();
        var fromCache = 0;
        foreach (var package in set.Packages)
        {
            if (await cache.TryGetVerifiedAsync(package, cancellationToken) is { } cached)
            {
                fromCache++;
                progress?.Report(new HeaderFetchProgress(package, package.Size, FromCache: true));
                files.Add((package, cached));
                continue;
            }

            files.Add((package, await DownloadAsync(set.Target, package, progress, cancellationToken)));
        }

        var workDirectory = cache.NewWorkDirectory();
        try
        {
            await _extractor.ExtractAsync(files, rootDirectory, ExtractedHeaders.Manifest(set), workDirectory, cancellationToken);
        }
        finally
        {
            Directory.Delete(workDirectory, recursive: true);
        }

        var headers = RpmHeaderLayout.Locate(set, rootDirectory, fromCache);
        HeadersLog.Fetched(logger, set.Target, rootDirectory, fromCache, set.Packages.Count, timeProvider.GetElapsedTime(started).TotalSeconds);
        return headers;
    }

    private async Task<string> DownloadAsync(KernelTarget target, HeaderPackage package, IProgress<HeaderFetchProgress>? progress, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var location = package.Location
            ?? throw new HeadersUnavailableException(target, [package], cache.Directory, "a repository (the recorded set names no location)", null);
        progress?.Report(new HeaderFetchProgress(package, 0, FromCache: false));
        byte[]? bytes;
        try
        {
            bytes = await _packages.ReadRawAsync(location, cancellationToken);
        }
        catch (HeaderSourceException e)
        {
            throw new HeadersUnavailableException(target, [package], cache.Directory, location.ToString(), e);
        }

        if (bytes is null)
        {
            throw new HeadersUnavailableException(target, [package], cache.Directory, $"{location} (not found)", null);
        }

        var workDirectory = cache.NewWorkDirectory();
        try
        {
            var downloaded = Path.Join(workDirectory, "package.rpm");
            await File.WriteAllBytesAsync(downloaded, bytes, cancellationToken);
            var cached = await cache.AddAsync(package, downloaded, cancellationToken);
            progress?.Report(new HeaderFetchProgress(package, package.Size, FromCache: false));
            HeadersLog.Downloaded(logger, package.Name, package.Version, bytes.LongLength, package.Sha256, timeProvider.GetElapsedTime(started).TotalSeconds);
            return cached;
        }
        finally
        {
            Directory.Delete(workDirectory, recursive: true);
        }
    }
}
