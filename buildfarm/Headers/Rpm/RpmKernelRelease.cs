using System.Text.RegularExpressions;

namespace KernelAgent.BuildFarm.Headers.Rpm;

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

    /// <summary>
    /// Parses the release and checks VERSION_ID against the release's dist tag: RHEL and its rebuilds ".el9_3" (the
    /// major must match; a host commonly runs a kernel of a neighbouring minor release), Amazon Linux ".amzn2023"
    /// (must be equal).
    /// </summary>
    /// <exception cref="InvalidKernelTargetException">The release is not an RPM kernel's, or VERSION_ID is not the release's.</exception>
    public static RpmKernelRelease ParseAndCheckDistro(KernelTarget target)
    {
        var release = Parse(target);
        if (!VersionIdForm().IsMatch(target.DistroVersionId))
        {
            throw new InvalidKernelTargetException(
                target, nameof(KernelTarget.DistroVersionId), $"'{target.DistroVersionId}' is not a VERSION_ID of an RPM distribution (e.g. '9', '9.3', '2023')");
        }

        var major = target.DistroVersionId.Split('.')[0];
        if (target.DistroId == "amzn")
        {
            if (AmazonTag().Match(release.Release) is { Success: true } amzn && amzn.Groups["version"].Value != target.DistroVersionId)
            {
                throw new InvalidKernelTargetException(
                    target, nameof(KernelTarget.DistroVersionId), $"is '{target.DistroVersionId}', but kernel release {target.KernelRelease} is Amazon Linux {amzn.Groups["version"].Value}'s");
            }
        }
        else if (EnterpriseTag().Match(release.Release) is { Success: true } el && el.Groups["major"].Value != major)
        {
            throw new InvalidKernelTargetException(
                target, nameof(KernelTarget.DistroVersionId), $"is '{target.DistroVersionId}', but kernel release {target.KernelRelease} is of release {el.Groups["major"].Value} (el{el.Groups["major"].Value})");
        }

        return release;
    }

    /// <summary>"version-release" as RPM prints it (epoch left out, as uname -r leaves it out).</summary>
    public string VersionRelease => $"{Version}-{Release}";

    [GeneratedRegex(@"^[0-9]{1,4}(?:\.[0-9]{1,4})?$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionIdForm();

    // "362.8.1.el9_3", "503.el9", "200.131.27.el9uek": the release's dist tag.
    [GeneratedRegex(@"\.el(?<major>[0-9]+)(?:_[0-9]+)?(?:[a-z]+)?(?:\.|$)", RegexOptions.CultureInvariant)]
    private static partial Regex EnterpriseTag();

    // "111.182.amzn2023", "209.869.amzn2".
    [GeneratedRegex(@"\.amzn(?<version>[0-9]+)(?:\.|$)", RegexOptions.CultureInvariant)]
    private static partial Regex AmazonTag();

    [GeneratedRegex(@"^(?<version>[0-9]+\.[0-9]+\.[0-9]+)-(?<release>[0-9A-Za-z._]+)\.(?<arch>x86_64|aarch64)(?:\+(?<variant>[a-z0-9-]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex ReleasePattern();
}
