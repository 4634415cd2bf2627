namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>What a crawl covers.</summary>
internal sealed record CatalogCrawlRequest
{
    /// <summary>Families to crawl ("debian", "ubuntu", "rpm"); null: every configured one.</summary>
    public IReadOnlySet<string>? Families { get; init; }

    /// <summary>Read build strings at all (downloads each flavour package once); false lists kernels only.</summary>
    public bool ResolveBuildStrings { get; init; } = true;

    /// <summary>
    /// Which of the crawled kernels to read build strings for (e.g. those a policy's window includes); null: all.
    /// </summary>
    public Func<IReadOnlyList<CatalogKernel>, IReadOnlyCollection<CatalogKernel>>? BuildStringScope { get; init; }

    /// <summary>Build strings read at once (each one may download a package).</summary>
    public int Parallelism { get; init; } = 3;
}
