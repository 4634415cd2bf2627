using System.Globalization;
using KernelAgent.Agent.Service;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Demand;

/// <summary>
/// The last report the farm took, in <c>&lt;state&gt;/demand-report</c> as one line "&lt;digest&gt; &lt;unix ms&gt;", so the
/// rate limit holds across <c>once</c> runs and service restarts too. Written to a temp name, then renamed.
/// </summary>
internal sealed class DemandReportRecord(IOptions<AgentOptions> options)
{
    public const string FileName = "demand-report";

    public string Path => System.IO.Path.Join(options.Value.StateDirectory, FileName);

    /// <summary>The last report's digest and time, or null when none was recorded or the record is unreadable.</summary>
    public (string Digest, DateTimeOffset SentAt)? Read()
    {
        try
        {
            var parts = File.Exists(Path) ? File.ReadAllText(Path).Trim().Split(' ') : [];
            return parts.Length == 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                ? (parts[0], DateTimeOffset.FromUnixTimeMilliseconds(ms))
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <exception cref="IOException">The state folder cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The state folder cannot be written.</exception>
    public void Write(string digest, DateTimeOffset sentAt)
    {
        Directory.CreateDirectory(options.Value.StateDirectory);
        var temp = Path + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(temp, $"{digest} {sentAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}\n");
        File.Move(temp, Path, overwrite: true);
    }
}
