namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>A crawl's catalog and what it had to leave out or leave unresolved, and why.</summary>
internal sealed record CatalogCrawl(KernelCatalog Catalog, IReadOnlyList<string> Warnings);
