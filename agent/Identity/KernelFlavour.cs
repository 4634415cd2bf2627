using System.Text.RegularExpressions;

namespace KernelAgent.Agent.Identity;

/// <summary>
/// Reads a flavour off a kernel release string, for people to read. Never used to choose an artifact:
/// two kernels with the same flavour and different releases are different kernels.
/// </summary>
internal static partial class KernelFlavour
{
    /// <summary>The flavour, or <c>null</c> when the release carries none (RHEL, Fedora, Amazon Linux, Bottlerocket).</summary>
    public static string? Guess(string release)
    {
        var match = SuffixFlavour().Match(release);
        if (match.Success)
        {
            return match.Groups["flavour"].Value;
        }

        match = PlusVariant().Match(release);
        return match.Success ? match.Groups["flavour"].Value : null;
    }

    /// <summary>
    /// Debian and Ubuntu name the flavour after the ABI number (<c>6.1.0-56-cloud-amd64</c>,
    /// <c>6.8.0-1012-aws</c>); Debian 6.12 kernels after a tag (<c>6.12.113+deb12-amd64</c>);
    /// Flatcar after the version (<c>5.4.83-flatcar</c>). A part starting with a digit is a package
    /// release (<c>427.13.1.el9_4.x86_64</c>), not a flavour.
    /// </summary>
    [GeneratedRegex(@"^\d+\.\d+[^-]*-(?:\d+-)?(?<flavour>[a-z][a-z0-9-]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex SuffixFlavour();

    /// <summary>RHEL-family real-time and 64k-page kernels: <c>5.14.0-427.13.1.el9_4.x86_64+rt</c>.</summary>
    [GeneratedRegex(@"\+(?<flavour>[a-z][a-z0-9_]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex PlusVariant();
}
