using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KernelAgent.BuildFarm.Drivers;

/// <summary>
/// The digest a driver source is registered with.
/// <para>Tarball: the sha256 of the file's bytes (what <c>sha256sum source.tar.gz</c> prints).</para>
/// <para>Folder ("folder scheme v1"): sha256 over, for every regular file below the folder, in ascending
/// order of the bytes of its relative path (UTF-8, '/' as separator, no leading "./"):</para>
/// <code>relative-path NUL decimal-size NUL file-bytes</code>
/// <para>A symbolic link counts as a link (DKMS trees ship some, e.g. a README.gz pointing at another file):
/// <c>relative-path NUL "link:" decimal-length-of-target NUL target-text</c>, its target never followed. A link
/// whose target leaves the folder (absolute, or through "..") makes the source invalid, by name.</para>
/// <para>Directories count only through their files: empty folders, permissions, owners and times are not
/// part of the digest (kbuild reads none of them).</para>
/// <para>Example: the sample driver's folder digest is printed by the registry tests and pinned there.</para>
/// </summary>
internal static class DriverSourceDigest
{
    /// <summary>Lowercase hex digest of a source folder (folder scheme v1).</summary>
    /// <exception cref="DriverSourceException">The folder holds a link or a special file.</exception>
    public static string ComputeForFolder(string folder)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> separator = [0];
        foreach (var (relativePath, fullPath) in Entries(folder))
        {
            if (new FileInfo(fullPath).LinkTarget is { } target)
            {
                var targetBytes = Encoding.UTF8.GetBytes(target);
                hash.AppendData(Encoding.UTF8.GetBytes(relativePath));
                hash.AppendData(separator);
                hash.AppendData(Encoding.ASCII.GetBytes("link:" + targetBytes.Length.ToString(CultureInfo.InvariantCulture)));
                hash.AppendData(separator);
                hash.AppendData(targetBytes);
                continue;
            }

            var size = new FileInfo(fullPath).Length;
            hash.AppendData(Encoding.UTF8.GetBytes(relativePath));
            hash.AppendData(separator);
            hash.AppendData(Encoding.ASCII.GetBytes(size.ToString(CultureInfo.InvariantCulture)));
            hash.AppendData(separator);
            using var stream = File.OpenRead(fullPath);
            var buffer = new byte[81920];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                hash.AppendData(buffer.AsSpan(0, read));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Lowercase hex sha256 of a file's bytes (the tarball scheme).</summary>
    public static string ComputeForFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Regular files and symbolic links below a folder as (relative path, full path), in digest order.</summary>
    /// <exception cref="DriverSourceException">The folder holds a link leading outside it, or a special file.</exception>
    public static IReadOnlyList<(string RelativePath, string FullPath)> Entries(string folder)
    {
        var files = new List<(string, string)>();
        var pending = new Stack<string>([folder]);
        while (pending.Count > 0)
        {
            foreach (var entry in new DirectoryInfo(pending.Pop()).EnumerateFileSystemInfos())
            {
                var relative = Path.GetRelativePath(folder, entry.FullName).Replace(Path.DirectorySeparatorChar, '/');
                if (entry.LinkTarget is { } target)
                {
                    RequireInside(folder, relative, target);
                    files.Add((relative, entry.FullName));
                }
                else if (entry is DirectoryInfo)
                {
                    pending.Push(entry.FullName);
                }
                else
                {
                    files.Add((relative, entry.FullName));
                }
            }
        }

        return [.. files.OrderBy(f => Encoding.UTF8.GetBytes(f.Item1), Utf8Order.Instance)];
    }

    /// <summary>A link may point anywhere inside the source tree; the target is resolved as text, never followed.</summary>
    public static void RequireInside(string folder, string relativeLink, string target)
    {
        var root = Path.GetFullPath(folder).TrimEnd('/') + "/";
        var linkFolder = Path.GetDirectoryName(Path.Join(root, relativeLink))!;
        var resolved = Path.GetFullPath(Path.Join(linkFolder, target));
        if (Path.IsPathRooted(target) || !(resolved + "/").StartsWith(root, StringComparison.Ordinal))
        {
            throw new DriverSourceException($"Driver source '{folder}' contains the link '{relativeLink}' -> '{target}', which points outside the source; only links inside it are accepted.");
        }
    }

    private sealed class Utf8Order : IComparer<byte[]>
    {
        public static readonly Utf8Order Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
