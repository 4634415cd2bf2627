namespace KernelAgent.BuildFarm.Headers.Debian;

/// <summary>
/// One paragraph of a Debian control-format file (deb822): apt's Packages indexes, <c>apt-cache show</c>
/// output and deb822 .sources files. Field names compare case-insensitively, as deb822(5) says.
/// </summary>
internal sealed class DebianControlStanza(IReadOnlyList<KeyValuePair<string, string>> fields)
{
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; } = fields;

    public string? this[string name] =>
        Fields.FirstOrDefault(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public string Required(string name, string where) =>
        this[name] ?? throw new HeaderSourceException($"A stanza in {where} has no '{name}' field.");

    /// <summary>Splits text into stanzas: blank lines separate, continuation lines start with a space or tab, '#' lines are comments.</summary>
    public static IReadOnlyList<DebianControlStanza> ParseAll(string text) => [.. Read(new StringReader(text))];

    /// <summary>Reads stanzas one at a time, so a large Packages index never sits in memory whole.</summary>
    public static IEnumerable<DebianControlStanza> Read(TextReader reader)
    {
        var fields = new List<KeyValuePair<string, string>>();
        while (reader.ReadLine() is { } rawLine)
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                if (fields.Count > 0)
                {
                    yield return new DebianControlStanza([.. fields]);
                    fields.Clear();
                }

                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            if ((line[0] == ' ' || line[0] == '\t') && fields.Count > 0)
            {
                var last = fields[^1];
                fields[^1] = new(last.Key, $"{last.Value}\n{line.Trim()}");
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                fields.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
        }

        if (fields.Count > 0)
        {
            yield return new DebianControlStanza([.. fields]);
        }
    }
}
