using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KernelAgent.EndToEnd.Tests.Guest;

/// <summary>
/// What the guest printed on its console, read from the "KAE2E &lt;what&gt; &lt;value&gt;" lines of its init
/// (scripts/e2e/guest/init): the agent's exit code and pass record, the kagent_sample line of /proc/modules,
/// the kernel log lines about modules, and whether the guest got to the end.
/// </summary>
internal sealed class GuestReport
{
    private const string MarkerPrefix = "KAE2E ";
    private const string Absent = "absent";

    private static readonly JsonSerializerOptions RecordJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly Dictionary<string, string> _markers;

    private GuestReport(
        string consolePath, string console, Dictionary<string, string> markers, IReadOnlyList<string> kernelLog, IReadOnlyList<string> modules, AgentPassRecord? pass)
    {
        ConsolePath = consolePath;
        Console = console;
        _markers = markers;
        KernelLog = kernelLog;
        Modules = modules;
        Pass = pass;
    }

    /// <summary>The console log file, kept with the run's files.</summary>
    public string ConsolePath { get; }

    public string Console { get; }

    /// <summary>Kernel log lines about modules (the guest greps dmesg for kagent_sample and signature refusals).</summary>
    public IReadOnlyList<string> KernelLog { get; }

    /// <summary>/proc/modules at the end, line by line as the kernel lists them: the last module loaded first.</summary>
    public IReadOnlyList<string> Modules { get; }

    /// <summary>The agent's pass record, when the agent ran far enough to write one.</summary>
    public AgentPassRecord? Pass { get; }

    /// <summary>The guest's init reached its last line (it powers off right after).</summary>
    public bool Finished => _markers.ContainsKey("end");

    /// <summary>"6.1.0-56-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (...)": uname -r and -v as the guest read them.</summary>
    public string? Boot => Marker("boot");

    public int? AgentExitCode => Number("agent-exit");

    public int? ModprobeExitCode => Number("modprobe-exit");

    public int? InsmodExitCode => Number("insmod-exit");

    /// <summary><c>kernel-agent status</c> after the pass: 0 when the driver is loaded, 1 otherwise.</summary>
    public int? StatusExitCode => Number("status-exit");

    /// <summary>The exit code of the pass for one driver of <see cref="GuestRequest.Drivers"/>.</summary>
    public int? DriverAgentExitCode(string driver) => Number("agent-exit-" + driver);

    /// <summary><c>kernel-agent status</c> for one driver of <see cref="GuestRequest.Drivers"/>.</summary>
    public int? DriverStatusExitCode(string driver) => Number("status-exit-" + driver);

    /// <summary>The kagent_sample line of /proc/modules, or null when the module is not loaded.</summary>
    public string? ModuleLine => Marker("proc-modules") is { } line && line != Absent ? line : null;

    /// <summary>The module's own message when it loads ("kagent_sample: loaded, version=1.0.0 greeting=hello").</summary>
    public string? GreetingLine => KernelLog.FirstOrDefault(l => l.Contains("kagent_sample: loaded,", StringComparison.Ordinal));

    public bool DiskMounted => Marker("disk") == "mounted";

    public string? Marker(string what) => _markers.GetValueOrDefault(what);

    public static GuestReport Read(string consolePath)
    {
        var console = File.ReadAllText(consolePath);
        var markers = new Dictionary<string, string>(StringComparer.Ordinal);
        var kernelLog = new List<string>();
        var modules = new List<string>();
        var record = new StringBuilder();
        var inRecord = false;
        foreach (var raw in console.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith(MarkerPrefix + "result-begin", StringComparison.Ordinal) || line.StartsWith(MarkerPrefix + "result-end", StringComparison.Ordinal))
            {
                inRecord = line.EndsWith("begin", StringComparison.Ordinal);
                continue;
            }

            if (inRecord)
            {
                record.Append(line).Append('\n');
                continue;
            }

            if (!line.StartsWith(MarkerPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var body = line[MarkerPrefix.Length..];
            var space = body.IndexOf(' ', StringComparison.Ordinal);
            var (what, value) = space < 0 ? (body, string.Empty) : (body[..space], body[(space + 1)..]);
            if (what == "dmesg")
            {
                kernelLog.Add(value);
            }
            else if (what == "module")
            {
                modules.Add(value);
            }
            else
            {
                markers[what] = value;
            }
        }

        var pass = record.Length == 0 ? null : JsonSerializer.Deserialize<AgentPassRecord>(record.ToString(), RecordJson);
        return new GuestReport(consolePath, console, markers, kernelLog, modules, pass);
    }

    /// <summary>For assertion messages: where the full console is, and its last lines.</summary>
    public string Describe(int lines = 40)
    {
        var tail = Console.Split('\n').TakeLast(lines);
        return $"guest console ({ConsolePath}), last {lines} lines:\n{string.Join('\n', tail)}";
    }

    private int? Number(string what) =>
        int.TryParse(Marker(what), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
}
