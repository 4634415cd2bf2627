using System.IO.Compression;
using System.Text.RegularExpressions;

namespace KernelAgent.BuildFarm.Headers.Debian;

/// <summary>
/// Which Debian release (os-release VERSION_ID) a kernel belongs to, from what its packages say: a stable update's
/// or backport's version ("6.1.90-1+deb12u1", "6.12.57-1~bpo12+1"), the ABI in a release since trixie
/// ("6.12.57+deb13-amd64"), and, once the packages are fetched, the distribution of the newest entry of the
/// headers package's changelog ("linux (6.1.192-3) bookworm-security; ...": bookworm, which is 12).
/// </summary>
internal static partial class DebianRelease
{
    /// <summary>Checks that VERSION_ID has Debian's form: a release number ("12"), as a Debian host's os-release says it.</summary>
    /// <exception cref="InvalidKernelTargetException">It has not.</exception>
    public static void CheckForm(KernelTarget target)
    {
        if (!VersionIdForm().IsMatch(target.DistroVersionId))
        {
            throw new InvalidKernelTargetException(
                target, nameof(KernelTarget.DistroVersionId), $"'{target.DistroVersionId}' is not a Debian VERSION_ID (a release number, e.g. '12')");
        }
    }

    /// <summary>The release the package version or kernel release name, without reading any package; null when they name none.</summary>
    public static DistroVersionEvidence? FromNames(KernelTarget target, string packageVersion)
    {
        if (VersionMarker().Match(packageVersion) is { Success: true } marker)
        {
            return new(Number(marker.Groups["release"].Value), $"its package version {packageVersion} ({marker.Value.TrimStart('+')})");
        }

        return ReleaseMarker().Match(target.KernelRelease) is { Success: true } abi
            ? new(Number(abi.Groups["release"].Value), $"its kernel release {target.KernelRelease} (+deb{abi.Groups["release"].Value})")
            : null;
    }

    /// <summary>
    /// The release the newest entry of the flavour headers package's changelog names (its distribution's codename,
    /// through <paramref name="codenames"/>); null when the tree has no changelog or the distribution is not one
    /// release (unstable, experimental).
    /// </summary>
    public static DistroVersionEvidence? FromChangelog(string rootDirectory, KernelTarget target, IDictionary<string, string> codenames)
    {
        var path = Path.Join(rootDirectory, "usr", "share", "doc", $"linux-headers-{target.KernelRelease}", "changelog.Debian.gz");
        if (!File.Exists(path) || ReadFirstLine(path) is not { } first || ChangelogHeading().Match(first) is not { Success: true } heading)
        {
            return null;
        }

        var distribution = heading.Groups["distribution"].Value;
        var codename = distribution.Split('-')[0];
        return codenames.FirstOrDefault(c => c.Value == codename) is { Key: { } versionId }
            ? new(versionId, $"the changelog of linux-headers-{target.KernelRelease} (distribution {distribution}, Debian {versionId})")
            : null;
    }

    /// <exception cref="InvalidKernelTargetException">The evidence names another release than VERSION_ID.</exception>
    public static void Check(KernelTarget target, DistroVersionEvidence? evidence)
    {
        if (evidence is not null && evidence.VersionId != target.DistroVersionId)
        {
            throw new InvalidKernelTargetException(
                target, nameof(KernelTarget.DistroVersionId), $"is '{target.DistroVersionId}', but this kernel belongs to Debian {evidence.VersionId} ({evidence.Source})");
        }
    }

    private static string Number(string digits) => digits.TrimStart('0') is { Length: > 0 } trimmed ? trimmed : "0";

    // The first line only: the changelog of a whole kernel series is megabytes once decompressed.
    private static string? ReadFirstLine(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            var buffer = new char[512];
            var read = reader.ReadBlock(buffer, 0, buffer.Length);
            return new string(buffer, 0, read).Split('\n')[0];
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^[1-9][0-9]{0,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionIdForm();

    // "+deb12u1" / "~deb12u1" (stable and security updates of a newer series), "~bpo12+1" (backports).
    [GeneratedRegex(@"(?:[+~]deb(?<release>[0-9]+)u[0-9]+|~bpo(?<release>[0-9]+)\+[0-9]+)", RegexOptions.CultureInvariant)]
    private static partial Regex VersionMarker();

    // "6.12.57+deb13-amd64", "6.12.113+deb12-arm64".
    [GeneratedRegex(@"\+deb(?<release>[0-9]+)-", RegexOptions.CultureInvariant)]
    private static partial Regex ReleaseMarker();

    // "linux (6.1.192-3) bookworm-security; urgency=high"
    [GeneratedRegex(@"^[a-z0-9][a-z0-9.+-]* \([^)]+\) (?<distribution>[A-Za-z0-9-]+)[ ;]", RegexOptions.CultureInvariant)]
    private static partial Regex ChangelogHeading();
}
