using System.Text.RegularExpressions;

namespace KernelAgent.BuildFarm.Headers.Debian;

/// <summary>
/// Reads the exact package version out of a Debian kernel's <c>uname -v</c>: Debian's <c>uname -r</c>
/// names only the ABI ("6.1.0-56-amd64"); the build ("Debian 6.1.192-2") is the version of the linux
/// source package and of every headers package built from it.
/// </summary>
internal static partial class DebianBuildString
{
    /// <summary>The package version, e.g. "6.1.192-2" from "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-10-30)".</summary>
    /// <exception cref="InvalidKernelTargetException">The build string names no version, or several, or one that cannot belong to the release.</exception>
    public static string ParsePackageVersion(KernelTarget target)
    {
        var matches = DebianVersionInBuild().Matches(target.KernelBuild);
        if (matches.Count != 1)
        {
            throw new InvalidKernelTargetException(
                target,
                nameof(KernelTarget.KernelBuild),
                matches.Count == 0
                    ? "names no Debian package version (expected '... Debian <version> (<date>)' as uname -v prints it)"
                    : "names more than one Debian package version");
        }

        var version = matches[0].Groups["version"].Value;
        if (UpstreamSeries(version) != UpstreamSeries(target.KernelRelease))
        {
            throw new InvalidKernelTargetException(
                target,
                nameof(KernelTarget.KernelBuild),
                $"package version '{version}' does not belong to kernel release '{target.KernelRelease}'");
        }

        return version;
    }

    /// <summary>Checks that the release can be part of a package name, e.g. "6.1.0-56-amd64" or "6.12.113+deb12-arm64".</summary>
    /// <exception cref="InvalidKernelTargetException">It cannot.</exception>
    public static void ValidateRelease(KernelTarget target)
    {
        if (!DebianRelease().IsMatch(target.KernelRelease))
        {
            throw new InvalidKernelTargetException(
                target,
                nameof(KernelTarget.KernelRelease),
                "is not a kernel release as uname -r prints it (e.g. '6.1.0-56-amd64')");
        }
    }

    // "6.1.192-2" and "6.1.0-56-amd64" are both series "6.1".
    private static string UpstreamSeries(string version)
    {
        var parts = version.Split('.', 3);
        return parts.Length >= 2 ? $"{parts[0]}.{new string([.. parts[1].TakeWhile(char.IsAsciiDigit)])}" : version;
    }

    [GeneratedRegex(@"(?:^|\s)Debian\s+(?<version>[0-9][0-9A-Za-z.+~:-]*)(?=\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex DebianVersionInBuild();

    [GeneratedRegex(@"^[0-9]+\.[0-9]+[0-9a-z.+~-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex DebianRelease();
}
