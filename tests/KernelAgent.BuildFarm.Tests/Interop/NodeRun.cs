using System.Diagnostics;
using System.Text.Json;

namespace KernelAgent.BuildFarm.Tests.Interop;

/// <summary>What farm_client.js printed: JSON lines (responses or streamed events), then "STATUS &lt;code&gt; &lt;details&gt;".</summary>
internal sealed record NodeRun(IReadOnlyList<string> Lines, int ExitCode, string StandardError)
{
    public string Status => Lines.LastOrDefault(l => l.StartsWith("STATUS ", StringComparison.Ordinal))
        ?? throw new UnreachableException($"farm_client.js printed no STATUS line (exit {ExitCode}):\n{string.Join('\n', Lines)}\n{StandardError}");

    public IReadOnlyList<JsonElement> Messages =>
        [.. Lines.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    public override string ToString() => string.Join('\n', Lines) + (StandardError.Length > 0 ? "\n" + StandardError : "");
}
