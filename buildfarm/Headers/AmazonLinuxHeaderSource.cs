using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Headers;

/// <summary>
/// Amazon Linux 2 and 2023: kernel-devel, or the versioned kernel&lt;major.minor&gt;-devel of AL2023's newer kernel
/// lines (e.g. kernel6.12-devel), at exactly <c>uname -r</c>'s version-release, from the repositories' repodata.
/// Resolution only: fetching and building RPM kernels is not implemented yet.
/// </summary>
internal sealed class AmazonLinuxHeaderSource(
    IOptions<RpmHeaderSourceOptions> options, IOptions<HeaderCacheOptions> cacheOptions, HttpClient httpClient, ILogger<AmazonLinuxHeaderSource> logger) : IHeaderSource
{
    private readonly RpmHeaderResolver _resolver = new(
        options.Value, new RpmRepositoryIndex(new RepositoryClient(httpClient, options.Value.IndexTimeout)), new HeaderCache(cacheOptions.Value.Directory, logger));

    public string Family => "Amazon Linux";

    public bool Serves(KernelTarget target) => target.DistroId == "amzn";

    public void CheckTarget(KernelTarget target) => RpmKernelRelease.Parse(target);

    public Task<HeaderPackageSet> ResolveAsync(KernelTarget target, CancellationToken cancellationToken)
    {
        var release = RpmKernelRelease.Parse(target);
        var series = string.Join('.', release.Version.Split('.').Take(2));
        return _resolver.ResolveAsync(target, release, ["kernel-devel", $"kernel{series}-devel"], cancellationToken);
    }

    public async Task<KernelHeaders> FetchAsync(KernelTarget target, string rootDirectory, IProgress<HeaderFetchProgress>? progress, CancellationToken cancellationToken) =>
        throw RpmFetch.NotImplemented(target, await ResolveAsync(target, cancellationToken));
}
