using System.Text.Json;

namespace KernelAgent.EndToEnd.Tests.Guest;

/// <summary>
/// What one boot of the systemd guest printed (scripts/e2e/guest/systemd-run.sh): its <c>KAE2E &lt;key&gt; &lt;value&gt;</c>
/// lines by key, in order, and how long the boot took on the host's clock.
/// </summary>
internal sealed class SystemdBootReport
{
    private readonly ILookup<string, string> _values;

    private SystemdBootReport(string consoleLog, ILookup<string, string> values, TimeSpan wallTime)
    {
        ConsoleLog = consoleLog;
        _values = values;
        WallTime = wallTime;
    }

    public string ConsoleLog { get; }

    public TimeSpan WallTime { get; }

    public bool Finished => _values.Contains("end");

    /// <summary>Every value printed under <paramref name="key"/>.</summary>
    public IReadOnlyList<string> All(string key) => [.. _values[key]];

    /// <summary>The first value printed under <paramref name="key"/>, or null.</summary>
    public string? Value(string key) => _values[key].FirstOrDefault();

    /// <summary>The unit states printed as "ActiveState SubState Result ExecMainStatus".</summary>
    public (string Active, string Sub, string Result, string ExitStatus)? UnitState(string key) =>
        Value(key)?.Split(' ') is [var active, var sub, var result, var status, ..] ? (active, sub, result, status) : null;

    /// <summary>The journal entries printed as <c>journalctl -o json</c> lines under <paramref name="key"/>.</summary>
    public IReadOnlyList<Dictionary<string, string>> JournalEntries(string key) =>
        [.. All(key).Select(ParseEntry).OfType<Dictionary<string, string>>()];

    public string Describe() => $"console log {ConsoleLog}; KAE2E lines:\n  " +
        string.Join("\n  ", _values.SelectMany(g => g.Select(v => $"{g.Key} {v}")).Take(80));

    public static SystemdBootReport Read(string consoleLog, TimeSpan wallTime)
    {
        var values = File.ReadLines(consoleLog)
            .Select(l => l.TrimEnd('\r'))
            .Select(l => l.IndexOf("KAE2E ", StringComparison.Ordinal) is var at and >= 0 ? l[(at + 6)..] : null)
            .OfType<string>()
            .Select(l => l.Split(' ', 2))
            .ToLookup(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.Ordinal);
        return new SystemdBootReport(consoleLog, values, wallTime);
    }

    /// <summary>One journal entry; fields journalctl shows as arrays or byte lists (binary values) are left out.</summary>
    private static Dictionary<string, string>? ParseEntry(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.EnumerateObject()
                .Where(p => p.Value.ValueKind == JsonValueKind.String)
                .ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
