using System.Formats.Tar;
using System.IO.Compression;

namespace KernelAgent.BuildFarm.Drivers;

/// <summary>
/// Puts a driver's source into a build folder. The digest is always computed on the copy (the tarball's
/// bytes as read, or the copied folder), never on the original, so a source that changes between the
/// check and the compile cannot slip through.
/// </summary>
internal static class DriverSourceCopier
{
    /// <summary>Copies a source folder's regular files and links (as links); returns the copy's folder digest.</summary>
    public static string CopyFolder(string source, string destination)
    {
        if (!Directory.Exists(source))
        {
            throw new DriverSourceException($"Driver source folder '{source}' does not exist.");
        }

        foreach (var (relativePath, fullPath) in DriverSourceDigest.Entries(source))
        {
            var target = Path.Join(destination, relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (new FileInfo(fullPath).LinkTarget is { } linkTarget)
            {
                File.CreateSymbolicLink(target, linkTarget);
            }
            else
            {
                File.Copy(fullPath, target);
            }
        }

        return DriverSourceDigest.ComputeForFolder(destination);
    }

    /// <summary>
    /// Copies the tarball while hashing it, then unpacks that copy. When every entry sits below one top-level
    /// folder ("kagent_sample-1.0.0/..."), that folder's content becomes the build folder.
    /// Regular files, folders and links inside the tree are accepted; absolute paths and ".." are refused.
    /// </summary>
    /// <returns>The sha256 of the tarball bytes that were unpacked.</returns>
    public static async Task<string> CopyTarballAsync(string tarball, string destination, CancellationToken cancellationToken)
    {
        if (!File.Exists(tarball))
        {
            throw new DriverSourceException($"Driver source tarball '{tarball}' does not exist.");
        }

        var copy = Path.Join(destination, ".source.tar.gz");
        var sha256 = await HashingCopy.CopyAsync(tarball, copy, cancellationToken);

        try
        {
            await UnpackAsync(tarball, copy, destination, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException)
        {
            throw new DriverSourceException($"Driver source tarball '{tarball}' cannot be unpacked: {e.Message}", e);
        }
        finally
        {
            File.Delete(copy);
        }

        HoistSingleTopFolder(destination);
        return sha256;
    }

    private static async Task UnpackAsync(string tarball, string copy, string destination, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(copy);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await using var reader = new TarReader(gzip);
        var root = Path.GetFullPath(destination) + Path.DirectorySeparatorChar;
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            var path = Path.GetFullPath(Path.Join(destination, entry.Name));
            if (!path.StartsWith(root, StringComparison.Ordinal) || Path.IsPathRooted(entry.Name))
            {
                throw new DriverSourceException($"Driver source tarball '{tarball}' has the entry '{entry.Name}' outside its own folder.");
            }

            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(path);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    await entry.ExtractToFileAsync(path, overwrite: false, cancellationToken);
                    break;
                case TarEntryType.SymbolicLink:
                    DriverSourceDigest.RequireInside(destination, entry.Name, entry.LinkName);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    File.CreateSymbolicLink(path, entry.LinkName);
                    break;
                case TarEntryType.GlobalExtendedAttributes:
                    break;
                default:
                    throw new DriverSourceException(
                        $"Driver source tarball '{tarball}' has the entry '{entry.Name}' of type {entry.EntryType}; only regular files, folders and links are accepted.");
            }
        }
    }

    private static void HoistSingleTopFolder(string destination)
    {
        var entries = Directory.GetFileSystemEntries(destination);
        if (entries.Length != 1 || !Directory.Exists(entries[0]))
        {
            return;
        }

        var top = entries[0];
        foreach (var entry in Directory.GetFileSystemEntries(top))
        {
            var target = Path.Join(destination, Path.GetFileName(entry));
            if (Directory.Exists(entry))
            {
                Directory.Move(entry, target);
            }
            else
            {
                File.Move(entry, target);
            }
        }

        Directory.Delete(top);
    }
}
