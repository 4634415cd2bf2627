using System.Text.RegularExpressions;

namespace KernelAgent.BuildFarm.Headers.Debian;

/// <summary>
/// Finds the kbuild entry points in extracted Debian/Ubuntu header packages:
/// <c>usr/src/linux-headers-&lt;release&gt;</c> is the build folder; Debian's flavour Makefile is a single
/// <c>include /usr/src/linux-headers-&lt;abi&gt;-common/Makefile</c>, the only absolute path of the set, so the
/// build runs that Makefile from inside the private root instead (<c>make -f</c>). Ubuntu's flavour folder links
/// its Makefile (and most of the tree) to the common package's folder with relative links: those must lead to a
/// file inside the root, or the common package is missing from the set.
/// </summary>
internal static partial class DebianHeaderLayout
{
    public static KernelHeaders Locate(HeaderPackageSet set, string rootDirectory, int packagesFromCache)
    {
        var target = set.Target;
        var buildDirectory = Path.Join(rootDirectory, "usr", "src", $"linux-headers-{target.KernelRelease}");
        var config = Path.Join(buildDirectory, ".config");
        if (!File.Exists(config))
        {
            throw new HeaderSourceException(
                $"The header packages of {target} ({string.Join(", ", set.Packages.Select(p => $"{p.Name} {p.Version}"))}) " +
                $"extracted into '{rootDirectory}' have no '{config}'.");
        }

        return new KernelHeaders(
            target,
            rootDirectory,
            buildDirectory,
            IncludedMakefile(rootDirectory, buildDirectory),
            KernelConfig.ReadValue(config, "CONFIG_CC_VERSION_TEXT"),
            set.Packages,
            packagesFromCache);
    }

    private static string? IncludedMakefile(string rootDirectory, string buildDirectory)
    {
        var makefile = Path.Join(buildDirectory, "Makefile");
        if (new FileInfo(makefile).LinkTarget is { } link)
        {
            CheckLinkStaysInside(rootDirectory, makefile, link);
            return null;
        }

        if (!File.Exists(makefile))
        {
            return null;
        }

        var match = AbsoluteInclude().Match(File.ReadAllText(makefile));
        if (!match.Success)
        {
            return null;
        }

        var included = Path.Join(rootDirectory, match.Groups["path"].Value);
        return File.Exists(included)
            ? included
            : throw new HeaderSourceException($"'{makefile}' includes '{match.Groups["path"].Value}', which none of the header packages provides.");
    }

    private static void CheckLinkStaysInside(string rootDirectory, string makefile, string link)
    {
        var root = Path.GetFullPath(rootDirectory) + Path.DirectorySeparatorChar;
        var resolved = Path.GetFullPath(Path.Join(Path.GetDirectoryName(makefile), link));
        if (Path.IsPathRooted(link) || !resolved.StartsWith(root, StringComparison.Ordinal))
        {
            throw new HeaderSourceException($"'{makefile}' links to '{link}', outside the private headers root '{rootDirectory}'.");
        }

        if (!File.Exists(resolved))
        {
            throw new HeaderSourceException(
                $"'{makefile}' links to '{link}', which none of the header packages provides (is the common headers package missing from the set?).");
        }
    }

    [GeneratedRegex(@"^\s*include\s+(?<path>/usr/src/[^\s]+/Makefile)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex AbsoluteInclude();
}
