namespace KernelAgent.BuildFarm.Headers.Roots;

/// <summary>
/// Write permission on an extracted tree: removed from every file and folder so a build that tries to write into a
/// shared headers root fails instead of changing it for the next build, and given back to the owner only to delete it.
/// Symbolic links are never followed (headers packages link into each other and, absolutely, out of the root).
/// </summary>
internal static class ReadOnlyTree
{
    private const UnixFileMode AnyWrite = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    public static void MakeReadOnly(string root)
    {
        // The farm builds Linux modules on Linux; elsewhere there are no Unix modes to change.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var entry in Entries(root).Append(new DirectoryInfo(root)))
        {
            entry.UnixFileMode &= ~AnyWrite;
        }
    }

    /// <summary>Deletes a tree that <see cref="MakeReadOnly"/> locked (its folders need write permission again first).</summary>
    public static void Delete(string root)
    {
        var top = new DirectoryInfo(root);
        if (!top.Exists)
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            top.Delete(recursive: true);
            return;
        }

        top.UnixFileMode |= UnixFileMode.UserWrite;
        foreach (var directory in Entries(root).OfType<DirectoryInfo>())
        {
            directory.UnixFileMode |= UnixFileMode.UserWrite;
        }

        top.Delete(recursive: true);
    }

    // EnumerationOptions.RecurseSubdirectories descends into linked folders: walk by hand, stopping at every link.
    private static IEnumerable<FileSystemInfo> Entries(string root)
    {
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(root)]);
        while (pending.TryPop(out var directory))
        {
            foreach (var entry in directory.EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false }))
            {
                if (entry.LinkTarget is not null)
                {
                    continue;
                }

                if (entry is DirectoryInfo subdirectory)
                {
                    pending.Push(subdirectory);
                }

                yield return entry;
            }
        }
    }
}
