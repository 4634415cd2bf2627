namespace KernelAgent.Store.Backends.FileSystem;

/// <summary>
/// Finds and removes what a killed writer leaves behind: temp files (every temp name the project writes contains
/// <c>.tmp-</c>, or is a hidden name ending in <c>.tmp</c>) and abandoned work folders. Only what was last written
/// before a cut-off is removed, so a write in progress (by this process or another) is never touched. Links are
/// never followed, and a file that vanishes or cannot be removed is skipped, never an error.
/// </summary>
public static class Leftovers
{
    /// <summary>Whether a file name is one of the project's temp names.</summary>
    public static bool IsTempName(string name) =>
        name.Contains(".tmp-", StringComparison.Ordinal)
        || (name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal));

    /// <summary>Removes temp files anywhere under <paramref name="folder"/> last written before <paramref name="cutoff"/>; returns their paths.</summary>
    public static IReadOnlyList<string> RemoveTempFiles(string folder, DateTimeOffset cutoff)
    {
        var removed = new List<string>();
        foreach (var file in Enumerate(folder, recursive: true, directories: false))
        {
            if (IsTempName(Path.GetFileName(file)) && TryLastWrite(file, out var written) && written < cutoff && TryDelete(file, isFolder: false))
            {
                removed.Add(file);
            }
        }

        return removed;
    }

    /// <summary>
    /// Removes each folder directly under <paramref name="parent"/> that <paramref name="abandoned"/> accepts and
    /// in which nothing was written since <paramref name="cutoff"/>; returns their paths.
    /// </summary>
    public static IReadOnlyList<string> RemoveFolders(string parent, DateTimeOffset cutoff, Func<string, bool> abandoned)
    {
        ArgumentNullException.ThrowIfNull(abandoned);
        var removed = new List<string>();
        foreach (var folder in Enumerate(parent, recursive: false, directories: true))
        {
            if (abandoned(folder) && NewestWrite(folder) < cutoff && TryDelete(folder, isFolder: true))
            {
                removed.Add(folder);
            }
        }

        return removed;
    }

    private static DateTimeOffset NewestWrite(string folder)
    {
        var newest = TryLastWrite(folder, out var own) ? own : DateTimeOffset.MaxValue;
        foreach (var entry in Enumerate(folder, recursive: true, directories: null))
        {
            if (TryLastWrite(entry, out var written) && written > newest)
            {
                newest = written;
            }
        }

        return newest;
    }

    private static IEnumerable<string> Enumerate(string folder, bool recursive, bool? directories)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var options = new EnumerationOptions
        {
            RecurseSubdirectories = recursive,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
            ReturnSpecialDirectories = false,
        };
        return directories switch
        {
            true => Directory.EnumerateDirectories(folder, "*", options),
            false => Directory.EnumerateFiles(folder, "*", options),
            null => Directory.EnumerateFileSystemEntries(folder, "*", options),
        };
    }

    private static bool TryLastWrite(string path, out DateTimeOffset written)
    {
        try
        {
            // A name that vanished reads as the file-time epoch rather than failing.
            var utc = File.GetLastWriteTimeUtc(path);
            written = new DateTimeOffset(utc, TimeSpan.Zero);
            return utc != DateTime.FromFileTimeUtc(0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            written = default;
            return false;
        }
    }

    private static bool TryDelete(string path, bool isFolder)
    {
        try
        {
            if (isFolder)
            {
                MakeWritable(path);
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Build folders hold read-only copies (header trees, sources): their folders must be writable to empty them.</summary>
    private static void MakeWritable(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var sub in Enumerate(folder, recursive: true, directories: true).Prepend(folder))
        {
            try
            {
                File.SetUnixFileMode(sub, File.GetUnixFileMode(sub) | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Delete reports what still cannot be removed.
            }
        }
    }
}
