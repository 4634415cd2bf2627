namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>Builds the kernel catalog from every configured family's repositories.</summary>
internal interface ICatalogCrawler
{
    /// <summary>Family names this farm can crawl, configured or not.</summary>
    IReadOnlyList<string> Families { get; }

    /// <exception cref="Headers.HeaderSourceException">A repository could not be read.</exception>
    Task<CatalogCrawl> CrawlAsync(CatalogCrawlRequest request, CancellationToken cancellationToken);
}
