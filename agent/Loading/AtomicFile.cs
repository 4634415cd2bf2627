namespace KernelAgent.Agent.Loading;

/// <summary>
/// Replaces files so that a reader, or the next boot, sees the old content or the new, never a torn one: write a
/// temp file in the same folder, flush it, rename it over the target, flush the folder.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Temp files are named <c>.&lt;file&gt;.tmp-&lt;random&gt;</c>: hidden, and never ending in ".ko", so depmod
    /// does not index one left by a crash.
    /// </summary>
    public const string TempMarker = ".tmp-";

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> with exactly <paramref name="mode"/> (no umask).</summary>
    /// <exception cref="IOException">A step failed; the temp file has been removed.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder is not writable.</exception>
    public static void Write(string path, ReadOnlySpan<byte> content, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("module files and their records are written with Unix file modes");
        }

        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        RemoveStaleTemps(path);
        var temp = Path.Join(folder, "." + Path.GetFileName(path) + TempMarker + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                UnixCreateMode = mode,
            };
            using (var stream = new FileStream(temp, options))
            {
                File.SetUnixFileMode(stream.SafeFileHandle, mode);
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
            FileSystemNativeMethods.SyncDirectory(folder);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Deletes <paramref name="path"/> if it exists and makes the deletion durable.</summary>
    public static void Delete(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        File.Delete(path);
        FileSystemNativeMethods.SyncDirectory(Path.GetDirectoryName(path)!);
    }

    /// <summary>Removes temp files of <paramref name="path"/> that a crash between create and rename left behind.</summary>
    private static void RemoveStaleTemps(string path)
    {
        var pattern = "." + Path.GetFileName(path) + TempMarker + "*";
        foreach (var stale in Directory.EnumerateFiles(Path.GetDirectoryName(path)!, pattern))
        {
            File.Delete(stale);
        }
    }
}
