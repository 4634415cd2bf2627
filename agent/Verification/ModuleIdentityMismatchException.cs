namespace KernelAgent.Agent.Verification;

/// <summary>The module's own metadata does not fit the running kernel or the driver asked for.</summary>
public sealed class ModuleIdentityMismatchException(string reason, string message) : Exception(message)
{
    /// <summary>Short machine-readable reason: "vermagic mismatch", "architecture mismatch", "name mismatch", "unreadable module".</summary>
    public string Reason { get; } = reason;
}
