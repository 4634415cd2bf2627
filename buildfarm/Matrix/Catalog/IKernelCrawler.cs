namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>Lists the exact kernels one distribution family's repositories offer.</summary>
internal interface IKernelCrawler
{
    /// <summary>"debian", "ubuntu", "rpm".</summary>
    string Family { get; }

    /// <summary>Whether the farm's configuration names repositories for this family.</summary>
    bool IsConfigured { get; }

    /// <summary>Reads the indexes; kernels come back without their build string (see <see cref="ResolveBuildStringAsync"/>).</summary>
    /// <exception cref="Headers.HeaderSourceException">A repository could not be read.</exception>
    Task<CrawlResult> CrawlAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The exact <c>uname -v</c> of a kernel this crawler found, read from its headers; null when this family's
    /// repositories cannot tell it (the date in <c>uname -v</c> is in no index).
    /// </summary>
    /// <exception cref="Headers.HeaderSourceException">The package could not be fetched or read.</exception>
    Task<BuildStringResolution?> ResolveBuildStringAsync(CatalogKernel kernel, CancellationToken cancellationToken);
}
