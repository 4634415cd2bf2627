using KernelAgent.BuildFarm.Compilation;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Headers;

/// <summary>
/// What the RHEL-family and Amazon Linux sources share: resolution in the configured repositories' repodata and
/// fetching into the headers cache, over one cache folder. The sources differ only in which os-release IDs they
/// serve and which -devel package names they try.
/// </summary>
internal sealed class RpmHeaderPackages(
    RpmHeaderSourceOptions options, HeaderCacheOptions cacheOptions, HttpClient httpClient, IProcessRunner processRunner, TimeProvider timeProvider, ILogger logger)
{
    private static HeaderCache Cache(HeaderCacheOptions cacheOptions, ILogger logger) => new(cacheOptions.Directory, logger);

    public RpmHeaderResolver Resolver { get; } =
        new(options, new RpmRepositoryIndex(new RepositoryClient(httpClient, options.IndexTimeout)), Cache(cacheOptions, logger));

    public RpmHeaderFetcher Fetcher { get; } = new(options, httpClient, Cache(cacheOptions, logger), processRunner, timeProvider, logger);
}
