using KernelAgent.Journald;
using Serilog.Events;

namespace KernelAgent.BuildFarm.Logging;

/// <summary>Settings of the farm's log output (configuration section <c>FarmLogging</c>).</summary>
internal sealed class FarmLoggingOptions
{
    public const string Section = "FarmLogging";

    /// <summary>Where the log goes. Default Auto: journald's native protocol when systemd connected the farm's output
    /// to the journal, stderr lines with priority prefixes under another service manager, plain lines at a terminal.</summary>
    public LogOutput Output { get; set; } = LogOutput.Auto;

    /// <summary>journald's native socket. Default /run/systemd/journal/socket.</summary>
    public string JournalSocketPath { get; set; } = "/run/systemd/journal/socket";

    /// <summary>SYSLOG_IDENTIFIER of every entry. Default kernel-buildfarm.</summary>
    public string SyslogIdentifier { get; set; } = "kernel-buildfarm";

    /// <summary>Events below this level are dropped. Default Information.</summary>
    public LogEventLevel MinimumLevel { get; set; } = LogEventLevel.Information;

    /// <summary>How long one write may wait for a full journald queue before the entry is dropped. Default 1 s.</summary>
    public TimeSpan JournalSendTimeout { get; set; } = TimeSpan.FromSeconds(1);
}
