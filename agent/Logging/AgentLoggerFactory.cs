using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace KernelAgent.Agent.Logging;

/// <summary>Builds the Serilog logger for one chosen <see cref="AgentLoggingTarget"/>.</summary>
internal static class AgentLoggerFactory
{
    public static Logger Create(AgentLoggingOptions options, AgentLoggingTarget target, out AgentLoggingStatus status)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(options.MinimumLevel)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information);

        JournaldSink? journaldSink = null;
        if (target == AgentLoggingTarget.Journal)
        {
            var transport = new JournalSocketTransport(options.ResolveJournalSocketPath(), options.JournalSendTimeout);
            journaldSink = new JournaldSink(transport, options.SyslogIdentifier);
            configuration.WriteTo.Sink(journaldSink);
        }
        else
        {
            // stderr, so that commands printing results on stdout (identity --json) stay parseable.
            configuration.WriteTo.Console(
                new ConsoleLineFormatter(priorityPrefix: target == AgentLoggingTarget.ConsoleWithPriorityPrefix),
                standardErrorFromLevel: LogEventLevel.Verbose);
        }

        status = new AgentLoggingStatus(target, journaldSink);
        return configuration.CreateLogger();
    }
}
