using Serilog.Events;

namespace KernelAgent.Journald;

/// <summary>What <see cref="JournaldLoggerFactory"/> needs to build a program's logger.</summary>
/// <param name="JournalSocketPath">journald's native socket (under the host root when there is one).</param>
/// <param name="SyslogIdentifier">SYSLOG_IDENTIFIER of every entry (what <c>journalctl -t</c> filters on).</param>
/// <param name="MessageIds">The program's MESSAGE_ID scheme.</param>
/// <param name="MinimumLevel">Events below it are dropped.</param>
/// <param name="JournalSendTimeout">How long one write may wait for a full journald queue before the entry is dropped.</param>
public sealed record JournaldLoggerSettings(
    string JournalSocketPath,
    string SyslogIdentifier,
    MessageIdScheme MessageIds,
    LogEventLevel MinimumLevel,
    TimeSpan JournalSendTimeout)
{
    /// <summary>Events a program knows say nothing an SRE needs (a framework's echo of what it logs itself); null keeps every event.</summary>
    public Func<LogEvent, bool>? Exclude { get; init; }
}
