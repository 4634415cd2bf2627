using KernelAgent.Journald;
using Serilog.Core;

namespace KernelAgent.Agent.Logging;

/// <summary>Builds the Serilog logger for one chosen <see cref="LogOutput"/>.</summary>
internal static class AgentLoggerFactory
{
    public static Logger Create(AgentLoggingOptions options, LogOutput target, out AgentLoggingStatus status)
    {
        var settings = new JournaldLoggerSettings(
            options.ResolveJournalSocketPath(), options.SyslogIdentifier, MessageIds.Scheme, options.MinimumLevel, options.JournalSendTimeout);
        var logger = JournaldLoggerFactory.Create(settings, target, out var journaldSink);
        status = new AgentLoggingStatus(target, journaldSink);
        return logger;
    }
}
