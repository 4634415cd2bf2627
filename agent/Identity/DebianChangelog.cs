using System.IO.Compression;
using System.Text.RegularExpressions;

namespace KernelAgent.Agent.Identity;

/// <summary>Reads the newest entry of a Debian package's <c>changelog.Debian.gz</c> (deb-changelog(5)).</summary>
internal static partial class DebianChangelog
{
    /// <summary>The version of the first entry, or <c>null</c> when the file is missing or does not start with an entry.</summary>
    /// <param name="root">The host root.</param>
    /// <param name="relativePath">The changelog under the host root.</param>
    /// <param name="source">The source package that wrote the entry.</param>
    public static string? FirstVersion(HostRoot root, string relativePath, out string? source)
    {
        source = null;
        try
        {
            var path = root.Resolve(relativePath);
            if (!File.Exists(path))
            {
                return null;
            }

            using var file = File.OpenRead(path);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            var match = FirstLine().Match(reader.ReadLine() ?? string.Empty);
            if (!match.Success)
            {
                return null;
            }

            source = match.Groups["source"].Value;
            return match.Groups["version"].Value;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>deb-changelog(5): "package (version) distributions; metadata".</summary>
    [GeneratedRegex(@"^(?<source>[a-z0-9][a-z0-9.+-]+) \((?<version>[A-Za-z0-9.+~:-]+)\) ", RegexOptions.CultureInvariant)]
    private static partial Regex FirstLine();
}
