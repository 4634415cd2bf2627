using System.Globalization;
using Serilog.Events;
using Serilog.Formatting;

namespace KernelAgent.Journald;

/// <summary>
/// Console lines: with sd-daemon priority prefixes (<c>&lt;3&gt;message</c>, sd-daemon(3)) on every line, so
/// systemd files each line, exception lines included, at the right priority; or, for a person at a terminal,
/// <c>HH:mm:ss.fff LVL message</c>.
/// </summary>
internal sealed class ConsoleLineFormatter : ITextFormatter
{
    private readonly bool _priorityPrefix;

    public ConsoleLineFormatter(bool priorityPrefix) => _priorityPrefix = priorityPrefix;

    public void Format(LogEvent logEvent, TextWriter output)
    {
        var text = PlainTextRenderer.RenderMessage(logEvent);
        if (logEvent.Exception is not null)
        {
            text += Environment.NewLine + logEvent.Exception;
        }

        if (!_priorityPrefix)
        {
            output.Write(logEvent.Timestamp.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture));
            output.Write(' ');
            output.Write(LevelAbbreviation(logEvent.Level));
            output.Write(' ');
            output.WriteLine(text);
            return;
        }

        var prefix = "<" + SyslogPriority.FromLevel(logEvent.Level).ToString(CultureInfo.InvariantCulture) + ">";
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            output.Write(prefix);
            output.Write(line);
            output.WriteLine();
        }
    }

    private static string LevelAbbreviation(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => "VRB",
        LogEventLevel.Debug => "DBG",
        LogEventLevel.Information => "INF",
        LogEventLevel.Warning => "WRN",
        LogEventLevel.Error => "ERR",
        _ => "FTL",
    };
}
