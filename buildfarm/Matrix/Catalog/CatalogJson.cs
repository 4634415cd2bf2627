using System.Text.Json;

namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>Reads and writes the catalog document (docs/catalog-format.md). Unknown fields are skipped (newer writers may add some).</summary>
internal static class CatalogJson
{
    private static readonly CatalogJsonContext _json = new(MatrixJson.Options(CatalogJsonContext.Default.Options));

    public static void Write(Stream stream, KernelCatalog catalog)
    {
        JsonSerializer.Serialize(stream, catalog, _json.KernelCatalog);
        stream.Write("\n"u8);
    }

    /// <exception cref="MatrixDocumentException">The document is not a catalog.</exception>
    public static KernelCatalog Read(Stream stream, string documentName)
    {
        var catalog = MatrixJson.Read(stream, _json.KernelCatalog, documentName, $"{KernelCatalog.CurrentFormat} catalog");
        if (catalog.Format != KernelCatalog.CurrentFormat)
        {
            throw new MatrixDocumentException($"{documentName}: is a '{catalog.Format}' document, not a {KernelCatalog.CurrentFormat} catalog");
        }

        // Nullable annotations are enforced on constructor parameters, not on the items of arrays.
        if (catalog.Sources.Any(s => s is null))
        {
            throw new MatrixDocumentException($"{documentName}: a source is null");
        }

        for (var i = 0; i < catalog.Kernels.Count; i++)
        {
            if (Problem(catalog.Kernels[i]) is { } problem)
            {
                throw new MatrixDocumentException($"{documentName}: kernel {i} {problem}");
            }
        }

        return catalog;
    }

    private static string? Problem(CatalogKernel? kernel)
    {
        if (kernel is null)
        {
            return "is null";
        }

        // Required properties are enforced present; that they are not null is checked here.
        string?[] required = [kernel.Distro, kernel.DistroVersion, kernel.Arch, kernel.Release, kernel.Flavour, kernel.Series, kernel.Abi, kernel.PackageVersion, kernel.Origin];
        if (required.Any(f => f is null) || kernel.HeaderPackages is null)
        {
            return "has null where a string or the header packages belong";
        }

        foreach (var package in kernel.HeaderPackages)
        {
            if (package is null || CatalogPackage.Sha256Of(package.Sha256) != package.Sha256)
            {
                return $"has a header package whose sha256 '{package?.Sha256}' is not 64 lower-case hex digits";
            }
        }

        return null;
    }
}
