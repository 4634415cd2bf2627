namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>A catalog on disk: written to a temp name and renamed into place, so a reader never sees half of one.</summary>
internal static class CatalogFile
{
    /// <exception cref="MatrixDocumentException">The file is missing or not a catalog.</exception>
    public static KernelCatalog Load(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            return CatalogJson.Read(stream, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MatrixDocumentException($"The catalog '{path}' cannot be read: {e.Message}", e);
        }
    }

    public static void Save(string path, KernelCatalog catalog)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = Path.Join(Path.GetDirectoryName(full), $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024))
            {
                CatalogJson.Write(stream, catalog);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static void Write(Stream stream, KernelCatalog catalog) => CatalogJson.Write(stream, catalog);
}
