namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>What one family's crawler found: the indexes read, the kernels, and what it had to leave out and why.</summary>
internal sealed record CrawlResult(IReadOnlyList<CatalogSource> Sources, IReadOnlyList<CatalogKernel> Kernels, IReadOnlyList<string> Warnings);
