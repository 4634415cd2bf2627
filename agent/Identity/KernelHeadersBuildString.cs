using System.Text.RegularExpressions;

namespace KernelAgent.Agent.Identity;

/// <summary>
/// Reads an installed kernel's exact build string from its headers. Kbuild writes the build's
/// <c>UTS_VERSION</c> (what <c>uname -v</c> prints once it runs) into <c>include/generated/utsversion.h</c>
/// since Linux 6.0 and into <c>include/generated/compile.h</c> before; distribution header packages ship
/// the file from the same build as the image (checked on Debian 6.1.0-56 and 6.12.113+deb12).
/// </summary>
internal static partial class KernelHeadersBuildString
{
    private static readonly string[] Headers = ["include/generated/utsversion.h", "include/generated/compile.h"];

    /// <summary>The build string, or <c>null</c> when the headers are not installed or carry none.</summary>
    /// <param name="root">The host root.</param>
    /// <param name="release">The kernel release.</param>
    /// <param name="source">The header file that held it, as shown to people.</param>
    public static string? Read(HostRoot root, string release, out string? source)
    {
        foreach (var header in Headers)
        {
            var relative = $"lib/modules/{release}/build/{header}";
            string? text;
            try
            {
                text = HostFileReader.ReadTextIfExists(root, relative, 64 * 1024);
            }
            catch (IdentityException)
            {
                continue;
            }

            var match = text is null ? Match.Empty : UtsVersion().Match(text);
            if (match.Success)
            {
                source = root.Display(relative);
                return match.Groups["version"].Value;
            }
        }

        source = null;
        return null;
    }

    /// <summary>The literal holds no escapes in practice; one that does is not read rather than guessed.</summary>
    [GeneratedRegex(@"^#define UTS_VERSION ""(?<version>[^""\\]+)""$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex UtsVersion();
}
