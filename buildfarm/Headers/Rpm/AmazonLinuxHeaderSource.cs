using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers.Cache;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Headers.Rpm;

/// <summary>
/// Amazon Linux 2 and 2023: kernel-devel, or the versioned kernel&lt;major.minor&gt;-devel of AL2023's newer kernel
/// lines (e.g. kernel6.12-devel), at exactly <c>uname -r</c>'s version-release, from the repositories' repodata.
/// Downloaded into the headers cache and extracted without installing it.
/// </summary>
internal sealed class AmazonLinuxHeaderSource(
    IOptions<RpmHeaderSourceOptions> options,
    IOptions<HeaderCacheOptions> cacheOptions,
    HttpClient httpClient,
    IProcessRunner processRunner,
    TimeProvider timeProvider,
    ILogger<AmazonLinuxHeaderSource> logger) : IHeaderSource, IHeaderPackageKeeper
{
    private readonly RpmHeaderPackages _packages = new(options.Value, cacheOptions.Value, httpClient, processRunner, timeProvider, logger);

    public string Family => "Amazon Linux";

    public bool Serves(KernelTarget target) => target.DistroId == "amzn";

    public void CheckTarget(KernelTarget target) => RpmKernelRelease.ParseAndCheckDistro(target);

    public Task<HeaderPackageSet> ResolveAsync(KernelTarget target, CancellationToken cancellationToken)
    {
        var release = RpmKernelRelease.ParseAndCheckDistro(target);
        var series = string.Join('.', release.Version.Split('.').Take(2));
        return _packages.Resolver.ResolveAsync(target, release, ["kernel-devel", $"kernel{series}-devel"], cancellationToken);
    }

    public async Task<KernelHeaders> FetchAsync(KernelTarget target, string rootDirectory, IProgress<HeaderFetchProgress>? progress, CancellationToken cancellationToken) =>
        await _packages.Fetcher.FetchAsync(await ResolveAsync(target, cancellationToken), rootDirectory, progress, cancellationToken);

    public async Task<KeptHeaders> KeepAsync(HeaderPackageSet packages, IProgress<HeaderFetchProgress>? progress, CancellationToken cancellationToken) =>
        await _packages.Keeper.KeepAsync(packages, await ResolveAsync(packages.Target, cancellationToken), progress, cancellationToken);
}
