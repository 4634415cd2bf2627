using KernelAgent.Journald;
using KernelAgent.Agent.Logging;
using Serilog.Events;

namespace KernelAgent.Agent.Tests.Logging;

public sealed class SyslogPriorityTests
{
    [Theory]
    [InlineData(LogEventLevel.Fatal, 2)]
    [InlineData(LogEventLevel.Error, 3)]
    [InlineData(LogEventLevel.Warning, 4)]
    [InlineData(LogEventLevel.Information, 6)]
    [InlineData(LogEventLevel.Debug, 7)]
    [InlineData(LogEventLevel.Verbose, 7)]
    public void FromLevel_SerilogLevel_IsTheSyslogPriority(LogEventLevel level, int priority) =>
        Assert.Equal(priority, SyslogPriority.FromLevel(level));
}
