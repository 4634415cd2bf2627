namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>One package of a kernel's header set, pinned by version and digest (docs/catalog-format.md).</summary>
/// <param name="Name">Package name, e.g. "linux-headers-6.1.0-56-amd64".</param>
/// <param name="Version">Exact package version, e.g. "6.1.192-2".</param>
/// <param name="Architecture">Package architecture as the repository names it ("amd64", "all", "x86_64").</param>
/// <param name="Sha256">Digest of the package file, from the repository's signed index.</param>
/// <param name="Size">Package file size in bytes.</param>
public sealed record CatalogPackage(string Name, string Version, string Architecture, Sha256Digest Sha256, long Size);
