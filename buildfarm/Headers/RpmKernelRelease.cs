using System.Text.RegularExpressions;

namespace KernelAgent.BuildFarm.Headers;

/// <summary>
/// An RPM-based kernel's <c>uname -r</c> is its package's exact version-release.arch, plus "+variant" for
/// RHEL 9's variant kernels: "5.14.0-362.8.1.el9_3.x86_64+rt" is kernel-rt-devel 5.14.0-362.8.1.el9_3 x86_64.
/// </summary>
/// <param name="Version">RPM version, e.g. "5.14.0".</param>
/// <param name="Release">RPM release, e.g. "362.8.1.el9_3".</param>
/// <param name="Architecture">RPM architecture, e.g. "x86_64".</param>
/// <param name="Variant">The "+variant" suffix (rt, debug, 64k, ...), if any.</param>
internal sealed partial record RpmKernelRelease(string Version, string Release, string Architecture, string? Variant)
{
    /// <exception cref="InvalidKernelTargetException">Not an RPM kernel release, or its architecture is not the target's.</exception>
    public static RpmKernelRelease Parse(KernelTarget target)
    {
        var match = ReleasePattern().Match(target.KernelRelease);
        if (!match.Success)
        {
            throw new InvalidKernelTargetException(target, nameof(KernelTarget.KernelRelease), "is not an RPM kernel release (e.g. '5.14.0-362.8.1.el9_3.x86_64')");
        }

        if (match.Groups["arch"].Value != target.Architecture)
        {
            throw new InvalidKernelTargetException(target, nameof(KernelTarget.KernelRelease), $"names architecture {match.Groups["arch"].Value}, not {target.Architecture}");
        }

        return new RpmKernelRelease(
            match.Groups["version"].Value,
            match.Groups["release"].Value,
            match.Groups["arch"].Value,
            match.Groups["variant"].Success ? match.Groups["variant"].Value : null);
    }

    /// <summary>"version-release" as RPM prints it (epoch left out, as uname -r leaves it out).</summary>
    public string VersionRelease => $"{Version}-{Release}";

    [GeneratedRegex(@"^(?<version>[0-9]+\.[0-9]+\.[0-9]+)-(?<release>[0-9A-Za-z._]+)\.(?<arch>x86_64|aarch64)(?:\+(?<variant>[a-z0-9-]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex ReleasePattern();
}
