namespace KernelAgent.BuildFarm.Headers;

/// <summary>
/// Finds and fetches the exact build headers of one kernel for one distribution family.
/// Never substitutes a different build: an exact build that cannot be found is an error.
/// </summary>
internal interface IHeaderSource
{
    /// <summary>Family name for logs and errors, e.g. "Debian".</summary>
    string Family { get; }

    /// <summary>Whether this source handles the target's distribution (by os-release ID).</summary>
    bool Serves(KernelTarget target);

    /// <summary>
    /// Checks, without any I/O, that the target's fields can name an exact build of this family (e.g. Debian's
    /// <c>uname -v</c> names a package version of the release's series), so a request that can never build is
    /// refused when it is made rather than after a queue wait.
    /// </summary>
    /// <exception cref="InvalidKernelTargetException">They cannot; names the field.</exception>
    void CheckTarget(KernelTarget target);

    /// <summary>Names the exact packages (name, version, digest, location) of the target's headers.</summary>
    /// <exception cref="InvalidKernelTargetException">The target's fields cannot name an exact build.</exception>
    /// <exception cref="HeadersUnavailableException">The exact build is not in any configured repository.</exception>
    /// <exception cref="HeaderSourceException">The repository could not be read.</exception>
    Task<HeaderPackageSet> ResolveAsync(KernelTarget target, CancellationToken cancellationToken);

    /// <summary>
    /// Fetches the target's exact packages (from the headers cache when present) and extracts them into
    /// <paramref name="rootDirectory"/>. The folder must not exist, or must be a root this source extracted
    /// earlier from exactly the same packages: that one is reused without touching any package (so a caller
    /// may keep one read-only root per kernel; builds never write into it).
    /// </summary>
    /// <exception cref="InvalidKernelTargetException">The target's fields cannot name an exact build.</exception>
    /// <exception cref="HeadersUnavailableException">The exact build is not in any configured repository.</exception>
    /// <exception cref="HeaderSourceException">Download, verification or extraction failed.</exception>
    Task<KernelHeaders> FetchAsync(
        KernelTarget target,
        string rootDirectory,
        IProgress<HeaderFetchProgress>? progress,
        CancellationToken cancellationToken);
}
