using System.Text.RegularExpressions;

namespace KernelAgent.BuildFarm.Headers.Ubuntu;

/// <summary>
/// Ubuntu's exact package version from <c>uname -r</c> and <c>uname -v</c>: release "5.15.0-91-generic" with
/// build "#101-Ubuntu SMP ..." is version "5.15.0-91.101"; a backported (HWE, cloud) kernel's build
/// "#14~22.04.1-Ubuntu" adds its suffix: "6.5.0-14.14~22.04.1".
/// </summary>
internal static partial class UbuntuBuildString
{
    /// <exception cref="InvalidKernelTargetException">The release or build string is not in Ubuntu's form.</exception>
    public static string ParsePackageVersion(KernelTarget target)
    {
        var release = UbuntuRelease().Match(target.KernelRelease);
        if (!release.Success)
        {
            throw new InvalidKernelTargetException(target, nameof(KernelTarget.KernelRelease), "is not an Ubuntu kernel release (e.g. '5.15.0-91-generic')");
        }

        var build = UbuntuBuild().Match(target.KernelBuild);
        if (!build.Success)
        {
            throw new InvalidKernelTargetException(target, nameof(KernelTarget.KernelBuild), "names no Ubuntu upload (expected '#<upload>[~<series>]-Ubuntu ...' as uname -v prints it)");
        }

        return $"{release.Groups["upstream"].Value}-{release.Groups["abi"].Value}.{build.Groups["upload"].Value}{build.Groups["suffix"].Value}";
    }

    /// <summary>The Ubuntu release a backported kernel's build string names ("#14~22.04.1-Ubuntu": "22.04"); null for a release's own kernel.</summary>
    public static string? BackportRelease(KernelTarget target) =>
        UbuntuBuild().Match(target.KernelBuild) is { Success: true } build && BackportSuffix().Match(build.Groups["suffix"].Value) is { Success: true } suffix
            ? suffix.Groups["release"].Value
            : null;

    [GeneratedRegex(@"^~(?<release>[0-9]+\.[0-9]+)(?:\.[0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex BackportSuffix();

    [GeneratedRegex(@"^(?<upstream>[0-9]+\.[0-9]+\.[0-9]+)-(?<abi>[0-9]+)-(?<flavour>[a-z0-9][a-z0-9-]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex UbuntuRelease();

    [GeneratedRegex(@"^#(?<upload>[0-9]+)(?<suffix>~[0-9A-Za-z.+]+)?-Ubuntu\b", RegexOptions.CultureInvariant)]
    private static partial Regex UbuntuBuild();
}
