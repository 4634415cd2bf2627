namespace KernelAgent.BuildFarm.Headers;

/// <summary>Writes that readers never see half done: a temp name in the same folder, then a rename.</summary>
internal static class FileWrites
{
    public static void WriteAllTextAtomic(string path, string contents)
    {
        var temporary = TemporaryNameFor(path);
        try
        {
            File.WriteAllText(temporary, contents);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>A unique sibling name, so that the final rename stays within one file system.</summary>
    public static string TemporaryNameFor(string path) =>
        Path.Join(Path.GetDirectoryName(path), $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
}
