namespace KernelAgent.Agent.Verification;

/// <summary>
/// The module's own metadata does not fit the running kernel or the driver asked for. The message is "reason: detail";
/// logs that print the reason in a field of its own print <see cref="Detail"/> beside it.
/// </summary>
internal sealed class ModuleIdentityMismatchException(string reason, string detail) : Exception($"{reason}: {detail}")
{
    /// <summary>Short machine-readable reason: "vermagic mismatch", "architecture mismatch", "name mismatch", "unreadable module".</summary>
    public string Reason { get; } = reason;

    /// <summary>What exactly did not fit, without the reason's words in front.</summary>
    public string Detail { get; } = detail;
}
