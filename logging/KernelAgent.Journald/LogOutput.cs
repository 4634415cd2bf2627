namespace KernelAgent.Journald;

/// <summary>Where a program's log goes.</summary>
public enum LogOutput
{
    /// <summary>Decide from the environment (<see cref="LoggingEnvironment"/>).</summary>
    Auto,

    /// <summary>journald's native socket, with structured fields.</summary>
    Journal,

    /// <summary>stderr lines with sd-daemon <c>&lt;N&gt;</c> priority prefixes, for systemd to parse.</summary>
    ConsoleWithPriorityPrefix,

    /// <summary>stderr lines with time and level, for a person at a terminal.</summary>
    ConsolePlain,
}
