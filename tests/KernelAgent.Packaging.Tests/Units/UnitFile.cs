namespace KernelAgent.Packaging.Tests.Units;

/// <summary>A unit file of systemd/ read as systemd.syntax(7) does: "Key=Value" settings and "#" comments.</summary>
internal sealed class UnitFile
{
    private UnitFile(IReadOnlyList<KeyValuePair<string, string>> settings, string comments)
    {
        Settings = settings;
        Comments = comments;
    }

    public IReadOnlyList<KeyValuePair<string, string>> Settings { get; }

    public string Comments { get; }

    public static UnitFile Load(string name)
    {
        var settings = new List<KeyValuePair<string, string>>();
        var comments = new List<string>();
        foreach (var raw in File.ReadAllLines(Path.Join(RepositoryPaths.Systemd, name)))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || line.StartsWith(';'))
            {
                comments.Add(line);
            }
            else if (line.Contains('=', StringComparison.Ordinal) && !line.StartsWith('['))
            {
                var at = line.IndexOf('=', StringComparison.Ordinal);
                settings.Add(new(line[..at], line[(at + 1)..]));
            }
        }

        return new UnitFile(settings, string.Join('\n', comments));
    }

    /// <summary>Every value the key is set to, in order (systemd accumulates list settings).</summary>
    public IReadOnlyList<string> Values(string key) => [.. Settings.Where(s => s.Key == key).Select(s => s.Value)];

    public string? Value(string key) => Values(key) is { Count: > 0 } values ? values[^1] : null;
}
