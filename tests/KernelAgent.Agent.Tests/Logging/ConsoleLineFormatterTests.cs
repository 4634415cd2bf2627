using KernelAgent.Journald;
using KernelAgent.Agent.Logging;
using Serilog.Events;
using Serilog.Parsing;

namespace KernelAgent.Agent.Tests.Logging;

public sealed class ConsoleLineFormatterTests
{
    private static readonly DateTimeOffset s_timestamp = new(2026, 11, 23, 18, 4, 5, 67, TimeSpan.Zero);

    [Fact]
    public void Format_WithPriorityPrefix_PrefixesTheLineWithTheSyslogPriority()
    {
        var text = Format(priorityPrefix: true, LogEventLevel.Warning, "store {Store} unavailable", ("Store", "s3://bucket"));

        Assert.Equal("<4>store s3://bucket unavailable\n", text);
    }

    [Fact]
    public void Format_WithPriorityPrefixAndException_PrefixesEveryLine()
    {
        var text = Format(priorityPrefix: true, LogEventLevel.Error, "first\nsecond", exception: new InvalidOperationException("boom"));

        var lines = text.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length >= 3);
        Assert.All(lines, line => Assert.StartsWith("<3>", line, StringComparison.Ordinal));
        Assert.Equal("<3>System.InvalidOperationException: boom", lines[2]);
    }

    [Fact]
    public void Format_Plain_WritesTimeLevelAndUnquotedMessage()
    {
        var text = Format(priorityPrefix: false, LogEventLevel.Information, "loaded {Driver}", ("Driver", "e1000e"));

        Assert.Equal(s_timestamp.ToLocalTime().ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)
            + " INF loaded e1000e\n", text);
    }

    private static string Format(
        bool priorityPrefix,
        LogEventLevel level,
        string template,
        (string Name, string Value)? property = null,
        Exception? exception = null)
    {
        LogEventProperty[] properties = property is { } p ? [new LogEventProperty(p.Name, new ScalarValue(p.Value))] : [];
        var logEvent = new LogEvent(
            s_timestamp.ToLocalTime(), level, exception, new MessageTemplateParser().Parse(template), properties);
        using var output = new StringWriter { NewLine = "\n" };
        new ConsoleLineFormatter(priorityPrefix).Format(logEvent, output);
        return output.ToString();
    }
}
