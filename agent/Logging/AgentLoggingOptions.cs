using KernelAgent.Journald;
using Serilog.Events;

namespace KernelAgent.Agent.Logging;

/// <summary>Settings of the agent's log output.</summary>
internal sealed class AgentLoggingOptions
{
    /// <summary>Where the host's / is mounted (a container sees the host elsewhere).</summary>
    public string HostRoot { get; set; } = "/";

    /// <summary>journald's native socket, relative to <see cref="HostRoot"/>.</summary>
    public string JournalSocketPath { get; set; } = "run/systemd/journal/socket";

    /// <summary>SYSLOG_IDENTIFIER of every entry (what <c>journalctl -t</c> filters on).</summary>
    public string SyslogIdentifier { get; set; } = "kernel-agent";

    public LogEventLevel MinimumLevel { get; set; } = LogEventLevel.Information;

    /// <summary>Forces an output; <see cref="LogOutput.Auto"/> decides from the environment.</summary>
    public LogOutput Target { get; set; } = LogOutput.Auto;

    /// <summary>How long one write may wait for a full journald queue before the entry is dropped.</summary>
    public TimeSpan JournalSendTimeout { get; set; } = TimeSpan.FromSeconds(1);

    public string ResolveJournalSocketPath() => Path.Join(HostRoot, JournalSocketPath.TrimStart('/'));
}
