using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace KernelAgent.Journald;

/// <summary>
/// Builds a program's Serilog logger for one <see cref="LogOutput"/>: journald's native protocol with structured
/// fields, or stderr lines (sd-daemon <c>&lt;N&gt;</c> prefixes under systemd, time and level for a person).
/// </summary>
public static class JournaldLoggerFactory
{
    /// <summary>
    /// <paramref name="requested"/>, or for <see cref="LogOutput.Auto"/> what the environment calls for
    /// (<see cref="LoggingEnvironment.ChooseTarget"/>).
    /// </summary>
    public static LogOutput Choose(LogOutput requested, string journalSocketPath) =>
        requested != LogOutput.Auto ? requested : LoggingEnvironment.Probe(journalSocketPath).ChooseTarget();

    /// <param name="settings">The program's settings.</param>
    /// <param name="target">A concrete output (not <see cref="LogOutput.Auto"/>).</param>
    /// <param name="journaldSink">The sink when <paramref name="target"/> is the journal, for its drop count.</param>
    public static Logger Create(JournaldLoggerSettings settings, LogOutput target, out JournaldSink? journaldSink)
    {
        // The host's lifetime lines ("Application started. Press Ctrl+C", "Hosting environment: Production",
        // "Content root path") say nothing an SRE needs under systemd: only warnings of the framework are kept.
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(settings.MinimumLevel)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("System", LogEventLevel.Warning);
        if (settings.Exclude is { } exclude)
        {
            configuration.Filter.ByExcluding(exclude);
        }

        journaldSink = null;
        if (target == LogOutput.Journal)
        {
            var transport = new JournalSocketTransport(settings.JournalSocketPath, settings.JournalSendTimeout);
            journaldSink = new JournaldSink(transport, settings.SyslogIdentifier, settings.MessageIds);
            configuration.WriteTo.Sink(journaldSink);
        }
        else
        {
            // stderr, so that commands printing results on stdout (identity --json) stay parseable.
            configuration.WriteTo.Console(
                new ConsoleLineFormatter(priorityPrefix: target == LogOutput.ConsoleWithPriorityPrefix),
                standardErrorFromLevel: LogEventLevel.Verbose);
        }

        return configuration.CreateLogger();
    }
}
