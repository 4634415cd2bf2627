using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Headers.Repositories;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Headers.Rpm;

/// <summary>
/// What the RHEL-family and Amazon Linux sources share: resolution in the configured repositories' repodata,
/// fetching and keeping (catalog crawl --cache-headers) into the headers cache, over one cache folder. The sources differ only in which os-release IDs they
/// serve and which -devel package names they try.
/// </summary>
internal sealed class RpmHeaderPackages
{
    public RpmHeaderPackages(
        RpmHeaderSourceOptions options, HeaderCacheOptions cacheOptions, HttpClient httpClient, IProcessRunner processRunner, TimeProvider timeProvider, ILogger logger)
    {
        var cache = new HeaderCache(cacheOptions.Directory, logger);
        Resolver = new RpmHeaderResolver(options, new RpmRepositoryIndex(new RepositoryClient(httpClient, options.IndexTimeout)), cache);
        Fetcher = new RpmHeaderFetcher(options, httpClient, cache, processRunner, timeProvider, logger);
        Keeper = new RepositoryHeaderKeeper(
            cache, new RepositoryPackageDownloads(cache, new RepositoryClient(httpClient, options.PackageTimeout), timeProvider, logger), "the RPM repository", logger);
    }

    public RpmHeaderResolver Resolver { get; }

    public RpmHeaderFetcher Fetcher { get; }

    public RepositoryHeaderKeeper Keeper { get; }
}
