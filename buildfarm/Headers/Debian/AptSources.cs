using System.Text;
using System.Text.RegularExpressions;

namespace KernelAgent.BuildFarm.Headers.Debian;

/// <summary>
/// The binary package sources of the private apt root, taken from the machine's own apt configuration
/// (sources.list(5): deb822 <c>*.sources</c> and one-line <c>sources.list</c> / <c>*.list</c>) or from the
/// farm's options, restricted to <c>deb</c> entries and rewritten for the farm's architectures.
/// </summary>
internal static partial class AptSources
{
    /// <summary>The deb822 text for the private root's sources.list.d/farm.sources.</summary>
    /// <exception cref="HeaderSourceException">No binary source is configured at all.</exception>
    public static string Compose(string hostRoot, IReadOnlyCollection<string> configuredStanzas, IReadOnlyList<string> architectures)
    {
        var builder = new StringBuilder();
        if (configuredStanzas.Count > 0)
        {
            foreach (var text in configuredStanzas)
            {
                AppendDeb822(builder, text, hostRoot, architectures);
            }
        }
        else
        {
            var etc = Path.Join(hostRoot, "etc", "apt");
            var parts = Path.Join(etc, "sources.list.d");
            var partFiles = Directory.Exists(parts) ? Directory.GetFiles(parts).Order(StringComparer.Ordinal).ToList() : [];
            foreach (var file in partFiles.Where(f => f.EndsWith(".sources", StringComparison.Ordinal)))
            {
                AppendDeb822(builder, File.ReadAllText(file), hostRoot, architectures);
            }

            var listFiles = partFiles.Where(f => f.EndsWith(".list", StringComparison.Ordinal)).Prepend(Path.Join(etc, "sources.list"));
            foreach (var file in listFiles.Where(File.Exists))
            {
                AppendOneLine(builder, File.ReadAllText(file), hostRoot, architectures);
            }
        }

        return builder.Length > 0
            ? builder.ToString()
            : throw new HeaderSourceException(
                $"No Debian package source is configured: none in the farm's options and no 'deb' entry under {Path.Join(hostRoot, "etc", "apt")}.");
    }

    private static void AppendDeb822(StringBuilder builder, string text, string hostRoot, IReadOnlyList<string> architectures)
    {
        foreach (var stanza in DebianControlStanza.ParseAll(text))
        {
            var types = stanza["Types"]?.Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries) ?? [];
            if (!types.Contains("deb") || string.Equals(stanza["Enabled"], "no", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            builder.Append("Types: deb\n");
            foreach (var (name, value) in stanza.Fields)
            {
                if (name.Equals("Types", StringComparison.OrdinalIgnoreCase) || name.Equals("Architectures", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var rewritten = name.Equals("Signed-By", StringComparison.OrdinalIgnoreCase) ? UnderHostRoot(value, hostRoot) : value;
                builder.Append(name).Append(": ").Append(rewritten.Replace("\n", "\n ", StringComparison.Ordinal)).Append('\n');
            }

            builder.Append("Architectures: ").AppendJoin(' ', architectures).Append("\n\n");
        }
    }

    // One-line form: deb [option=value ...] uri suite [component ...]
    private static void AppendOneLine(StringBuilder builder, string text, string hostRoot, IReadOnlyList<string> architectures)
    {
        foreach (var rawLine in text.Split('\n'))
        {
            var match = OneLineEntry().Match(rawLine.Trim());
            if (!match.Success)
            {
                continue;
            }

            var options = match.Groups["options"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(o => o.Split('=', 2))
                .Where(o => o.Length == 2 && !o[0].Equals("arch", StringComparison.OrdinalIgnoreCase))
                .ToList();
            var words = match.Groups["rest"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            builder.Append("Types: deb\nURIs: ").Append(words[0]).Append("\nSuites: ").Append(words[1]).Append('\n');
            if (words.Length > 2)
            {
                builder.Append("Components: ").AppendJoin(' ', words.Skip(2)).Append('\n');
            }

            foreach (var option in options)
            {
                var value = option[0].Equals("signed-by", StringComparison.OrdinalIgnoreCase) ? UnderHostRoot(option[1], hostRoot) : option[1];
                builder.Append(OneLineOptionToField(option[0])).Append(": ").Append(value.Replace(',', ' ')).Append('\n');
            }

            builder.Append("Architectures: ").AppendJoin(' ', architectures).Append("\n\n");
        }
    }

    // sources.list(5): the one-line option names are the deb822 field names in lower case ("signed-by" -> "Signed-By").
    private static string OneLineOptionToField(string option) =>
        string.Join('-', option.Split('-').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));

    // A keyring path is read by this machine's apt: when the sources come from a host mounted elsewhere, so does the key.
    private static string UnderHostRoot(string value, string hostRoot) =>
        value.StartsWith('/') && !value.Contains('\n', StringComparison.Ordinal) && hostRoot != "/" && File.Exists(Path.Join(hostRoot, value))
            ? Path.Join(hostRoot, value)
            : value;

    [GeneratedRegex(@"^deb\s+(?:\[(?<options>[^\]]*)\]\s+)?(?<rest>\S+\s+\S+.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex OneLineEntry();
}
