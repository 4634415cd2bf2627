using KernelAgent.Store.Layout;

namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>One package of a kernel's header set, pinned by version and digest (docs/catalog-format.md).</summary>
/// <param name="Name">Package name, e.g. "linux-headers-6.1.0-56-amd64".</param>
/// <param name="Version">Exact package version, e.g. "6.1.192-2".</param>
/// <param name="Architecture">Package architecture as the repository names it ("amd64", "all", "x86_64").</param>
/// <param name="Sha256">Digest of the package file (lower-case hex), from the repository's signed index.</param>
/// <param name="Size">Package file size in bytes.</param>
internal sealed record CatalogPackage(string Name, string Version, string Architecture, string Sha256, long Size)
{
    /// <summary>An index's sha256 (either case) as lower-case hex; null when it is not one.</summary>
    public static string? Sha256Of(string? indexed) =>
        indexed?.ToLowerInvariant() is { } hex && Digests.IsSha256Hex(hex) ? hex : null;
}
