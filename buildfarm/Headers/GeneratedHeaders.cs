using System.Text.RegularExpressions;

namespace KernelAgent.BuildFarm.Headers;

/// <summary>
/// What a kernel's build tree records about the exact build it came from, as the kernel's own build generated it:
/// <c>include/generated/utsrelease.h</c> (UTS_RELEASE, what <c>uname -r</c> prints), <c>utsversion.h</c> (Linux 5.19
/// and later) or <c>compile.h</c> (UTS_VERSION, the whole <c>uname -v</c> with its date), and <c>compile.h</c>'s
/// UTS_MACHINE (<c>uname -m</c>; the <c>.config</c>'s architecture option when a tree has none).
/// </summary>
internal static partial class GeneratedHeaders
{
    // Generated headers are a few hundred bytes; a bigger one is not the kernel's.
    private const long MaxHeaderBytes = 64 * 1024;

    /// <summary>UTS_RELEASE of the build tree; null when it records none.</summary>
    public static string? ReadRelease(string buildDirectory) =>
        Define(Path.Join(buildDirectory, "include", "generated", "utsrelease.h"), "UTS_RELEASE");

    /// <summary>UTS_VERSION as the kernel build generated it and the header it is in; null when neither header defines it.</summary>
    public static (string BuildString, string Header)? ReadUtsVersion(string generatedDirectory)
    {
        foreach (var header in (string[])["utsversion.h", "compile.h"])
        {
            if (Define(Path.Join(generatedDirectory, header), "UTS_VERSION") is { } value)
            {
                return (value, header);
            }
        }

        return null;
    }

    /// <summary>The <c>uname -m</c> the build tree was built for; null when it records none.</summary>
    public static string? ReadMachine(string buildDirectory)
    {
        if (Define(Path.Join(buildDirectory, "include", "generated", "compile.h"), "UTS_MACHINE") is { } machine)
        {
            return machine;
        }

        var config = Path.Join(buildDirectory, ".config");
        return KernelConfig.IsEnabled(config, "CONFIG_X86_64") ? KernelMachine.X8664
            : KernelConfig.IsEnabled(config, "CONFIG_ARM64") ? KernelMachine.Aarch64
            : null;
    }

    private static string? Define(string path, string name)
    {
        var file = new FileInfo(path);
        if (!file.Exists || file.Length > MaxHeaderBytes)
        {
            return null;
        }

        foreach (Match match in DefineLine().Matches(File.ReadAllText(path)))
        {
            if (match.Groups["name"].Value == name)
            {
                return match.Groups["value"].Value;
            }
        }

        return null;
    }

    // #define UTS_VERSION "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)"  (compile.h separates with tabs)
    [GeneratedRegex("^#define[ \t]+(?<name>[A-Z_]+)[ \t]+\"(?<value>[^\"\n]*)\"", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex DefineLine();
}
