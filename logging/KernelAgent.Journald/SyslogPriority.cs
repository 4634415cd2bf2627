using Serilog.Events;

namespace KernelAgent.Journald;

/// <summary>
/// Syslog priorities as journald's PRIORITY field and the sd-daemon <c>&lt;N&gt;</c> line prefixes use them:
/// LOG_EMERG 0 ... LOG_DEBUG 7 (syslog(3); sd-daemon(3) SD_EMERG "&lt;0&gt;" ... SD_DEBUG "&lt;7&gt;").
/// </summary>
public static class SyslogPriority
{
    public const int Emergency = 0;
    public const int Alert = 1;
    public const int Critical = 2;
    public const int Error = 3;
    public const int Warning = 4;
    public const int Notice = 5;
    public const int Informational = 6;
    public const int Debug = 7;

    /// <summary>
    /// Fatal is LOG_CRIT rather than LOG_EMERG: emergency means the whole system is unusable and
    /// journald broadcasts it to every terminal (ForwardToWall), which one daemon's failure does not warrant.
    /// </summary>
    public static int FromLevel(LogEventLevel level) => level switch
    {
        LogEventLevel.Fatal => Critical,
        LogEventLevel.Error => Error,
        LogEventLevel.Warning => Warning,
        LogEventLevel.Information => Informational,
        _ => Debug,
    };
}
