using System.Text;
using System.Text.RegularExpressions;

namespace KernelAgent.BuildFarm.Drivers.Dkms;

/// <summary>
/// A cheap look at a source tree at registration time, without running anything: dkms.conf is shell and is only
/// evaluated inside the build sandbox, so this reads its text for what must be there (PACKAGE_NAME,
/// PACKAGE_VERSION, a module record, patch files named literally). A plain kbuild folder needs a Kbuild file or a
/// Makefile instead.
/// </summary>
internal static partial class DkmsConfPrecheck
{
    /// <summary>The result: problems make a registration invalid; notes are worth saying.</summary>
    /// <param name="IsDkmsTree">Whether the tree has a dkms.conf.</param>
    /// <param name="PackageName">PACKAGE_NAME when dkms.conf assigns it literally, else null.</param>
    /// <param name="PackageVersion">PACKAGE_VERSION when dkms.conf assigns it literally, else null.</param>
    /// <param name="Problems">What makes the tree unusable.</param>
    /// <param name="Notes">Worth saying (CRLF line ends).</param>
    public sealed record Result(bool IsDkmsTree, string? PackageName, string? PackageVersion, IReadOnlyList<string> Problems, IReadOnlyList<string> Notes)
    {
        /// <summary>BUILD_DEPENDS when dkms.conf assigns it literally: the DKMS modules (PACKAGE_NAMEs) to build first.</summary>
        public IReadOnlyList<string> BuildDepends { get; init; } = [];
    }

    public static Result Check(string tree)
    {
        var conf = Path.Join(tree, "dkms.conf");
        if (!File.Exists(conf))
        {
            var kbuild = File.Exists(Path.Join(tree, "Kbuild")) || File.Exists(Path.Join(tree, "Makefile"));
            return new Result(false, null, null, kbuild ? [] : ["the source has neither a dkms.conf nor a Kbuild file or Makefile at its top"], []);
        }

        var bytes = File.ReadAllBytes(conf);
        var problems = new List<string>();
        var notes = new List<string>();
        if (bytes.AsSpan().IndexOf((byte)0) >= 0)
        {
            return new Result(true, null, null, ["dkms.conf is not a text file (it holds NUL bytes)"], []);
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return new Result(true, null, null, ["dkms.conf is not UTF-8 text"], []);
        }

        if (text.Contains('\r', StringComparison.Ordinal))
        {
            notes.Add("dkms.conf has CRLF line ends; the farm reads them as LF");
            text = text.Replace("\r", string.Empty, StringComparison.Ordinal);
        }

        var name = Literal(text, "PACKAGE_NAME");
        var version = Literal(text, "PACKAGE_VERSION");
        foreach (var required in (string[])["PACKAGE_NAME", "PACKAGE_VERSION"])
        {
            if (!Assigns(text, required))
            {
                problems.Add($"dkms.conf does not set {required}");
            }
        }

        if (!Assigns(text, "BUILT_MODULE_NAME") && !Assigns(text, "DEST_MODULE_LOCATION"))
        {
            problems.Add("dkms.conf lists no module (no BUILT_MODULE_NAME or DEST_MODULE_LOCATION)");
        }

        foreach (Match patch in LiteralPatch().Matches(text))
        {
            var file = patch.Groups["file"].Value;
            if (file.Contains('/', StringComparison.Ordinal) && file.Split('/').Contains(".."))
            {
                problems.Add($"PATCH '{file}' points outside patches/");
            }
            else if (!File.Exists(Path.Join(tree, "patches", file)))
            {
                problems.Add($"PATCH '{file}' is not in patches/");
            }
        }

        var buildDepends = Literal(text, "BUILD_DEPENDS");
        if (buildDepends is null && Assigns(text, "BUILD_DEPENDS"))
        {
            notes.Add("BUILD_DEPENDS is computed, not written literally: the farm cannot order the drivers by it before a build");
        }

        return new Result(true, name, version, problems, notes)
        {
            // Words as bash splits them (default IFS) and as the build reads them (DkmsConfInterpreter).
            BuildDepends = buildDepends?.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries) ?? [],
        };
    }

    private static bool Assigns(string text, string variable) =>
        Regex.IsMatch(text, $@"(^|[\s;]){variable}(\[[^\]]*\])?\+?=", RegexOptions.Multiline | RegexOptions.CultureInvariant);

    /// <summary>The value of a plain <c>NAME="value"</c> line without expansions, else null.</summary>
    private static string? Literal(string text, string variable)
    {
        var match = Regex.Match(text, $@"^\s*{variable}=(""(?<v>[^""$`\\]*)""|'(?<v>[^']*)'|(?<v>[A-Za-z0-9._+~:-]+))\s*(#.*)?$",
            RegexOptions.Multiline | RegexOptions.CultureInvariant);
        return match.Success ? match.Groups["v"].Value : null;
    }

    [GeneratedRegex(@"^\s*PATCH\[[0-9]+\]=(""(?<file>[^""$`\\]+)""|'(?<file>[^']+)'|(?<file>[A-Za-z0-9._+~/-]+))\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex LiteralPatch();
}
