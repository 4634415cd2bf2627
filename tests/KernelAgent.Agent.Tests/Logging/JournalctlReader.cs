using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace KernelAgent.Agent.Tests.Logging;

/// <summary>Reads entries back with the real journalctl, the way an SRE filters them.</summary>
internal static class JournalctlReader
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Entries matching <paramref name="field"/>=<paramref name="value"/>; polls until <paramref name="expected"/>
    /// arrived, because journald stores datagrams asynchronously.
    /// </summary>
    public static Task<List<Dictionary<string, string>>> ReadAsync(
        string journalDirectory, string field, string value, int expected, CancellationToken cancellationToken) =>
        ReadAsync(journalDirectory, [$"{field}={value}"], expected, cancellationToken);

    /// <summary>Entries matching all of <paramref name="matches"/> (FIELD=value each); polls as the other overload.</summary>
    public static async Task<List<Dictionary<string, string>>> ReadAsync(
        string journalDirectory, IReadOnlyList<string> matches, int expected, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var entries = await RunJournalctlAsync(journalDirectory, matches, cancellationToken);
            if (entries.Count >= expected || stopwatch.Elapsed > s_deadline)
            {
                return entries;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static async Task<List<Dictionary<string, string>>> RunJournalctlAsync(
        string journalDirectory, IReadOnlyList<string> matches, CancellationToken cancellationToken)
    {
        // --all: without it journalctl's JSON shows values over 4096 bytes as null.
        var (exitCode, output, errors) = await ExternalTool.RunRequiredAsync(
            "journalctl", "systemd", ["-D", journalDirectory, "-o", "json", "--all", "--no-pager", .. matches], cancellationToken);
        Assert.True(exitCode == 0, $"journalctl failed ({exitCode}): {errors}");
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ParseEntry)];
    }

    private static Dictionary<string, string> ParseEntry(string line)
    {
        using var document = JsonDocument.Parse(line);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            fields[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString()!,
                // journalctl writes values with unprintable bytes as arrays of byte numbers.
                JsonValueKind.Array => Encoding.UTF8.GetString([.. property.Value.EnumerateArray().Select(b => b.GetByte())]),
                _ => property.Value.ToString(),
            };
        }

        return fields;
    }
}
