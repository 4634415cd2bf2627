using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers.Cache;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Headers.Rpm;

/// <summary>
/// RHEL and its rebuilds (CentOS Stream, Rocky, AlmaLinux, Oracle Linux): kernel-devel (kernel-rt-devel,
/// kernel-debug-devel, kernel-64k-devel for "+variant" kernels) at exactly <c>uname -r</c>'s version-release,
/// from the repositories' repodata, downloaded into the headers cache and extracted without installing it.
/// </summary>
internal sealed class RhelHeaderSource(
    IOptions<RpmHeaderSourceOptions> options,
    IOptions<HeaderCacheOptions> cacheOptions,
    HttpClient httpClient,
    IProcessRunner processRunner,
    TimeProvider timeProvider,
    ILogger<RhelHeaderSource> logger) : IHeaderSource, IHeaderPackageKeeper
{
    private static readonly HashSet<string> _distroIds = ["rhel", "centos", "rocky", "almalinux", "ol"];

    private readonly RpmHeaderPackages _packages = new(options.Value, cacheOptions.Value, httpClient, processRunner, timeProvider, logger);

    public string Family => "RHEL";

    public bool Serves(KernelTarget target) => _distroIds.Contains(target.DistroId);

    public void CheckTarget(KernelTarget target) => RpmKernelRelease.ParseAndCheckDistro(target);

    public Task<HeaderPackageSet> ResolveAsync(KernelTarget target, CancellationToken cancellationToken)
    {
        var release = RpmKernelRelease.ParseAndCheckDistro(target);
        return _packages.Resolver.ResolveAsync(target, release, [PackageName(release)], cancellationToken);
    }

    public async Task<KernelHeaders> FetchAsync(KernelTarget target, string rootDirectory, IProgress<HeaderFetchProgress>? progress, CancellationToken cancellationToken) =>
        await _packages.Fetcher.FetchAsync(await ResolveAsync(target, cancellationToken), rootDirectory, progress, cancellationToken);

    public async Task<KeptHeaders> KeepAsync(HeaderPackageSet packages, IProgress<HeaderFetchProgress>? progress, CancellationToken cancellationToken) =>
        await _packages.Keeper.KeepAsync(packages, await ResolveAsync(packages.Target, cancellationToken), progress, cancellationToken);

    // RHEL 9 marks variants with "+rt"/"+debug"/"+64k"; RHEL 8's real-time kernels carry ".rt" inside the release instead.
    private static string PackageName(RpmKernelRelease release) =>
        release.Variant is { } variant ? $"kernel-{variant}-devel"
        : release.Release.Contains(".rt", StringComparison.Ordinal) ? "kernel-rt-devel"
        : "kernel-devel";
}
