namespace KernelAgent.BuildFarm.Headers;

/// <summary>
/// Keeps a kernel's header packages in the farm's headers cache while its repository still offers them, and
/// records the set as that kernel's target, so the kernel can be built after the packages leave the mirrors.
/// </summary>
internal interface IHeaderPackageKeeper
{
    /// <summary>Family name for logs and errors, e.g. "Debian".</summary>
    string Family { get; }

    /// <summary>Whether this keeper can download the target's packages.</summary>
    bool Serves(KernelTarget target);

    /// <summary>
    /// Downloads every package of <paramref name="packages"/> the cache lacks (each checked against its sha256), then
    /// records the set for its target unless one is recorded already (a set a build used stays as it was).
    /// </summary>
    /// <exception cref="HeaderSourceException">A package could not be downloaded or did not match its digest; the set is then not recorded.</exception>
    Task<KeptHeaders> KeepAsync(HeaderPackageSet packages, IProgress<HeaderFetchProgress>? progress, CancellationToken cancellationToken);
}
