namespace KernelAgent.Agent.Service;

/// <summary>Whether the driver for the running kernel is loaded, and if not, why, with the exit code that says it.</summary>
/// <param name="Ready">The kernel has the driver live and the agent's last pass for this kernel loaded (or verified) it.</param>
/// <param name="Reason">One line: what is loaded, or what is missing.</param>
/// <param name="ExitCode">0 when ready; the last pass's exit code when it failed for this kernel; 1 otherwise.</param>
internal sealed record ModuleReadinessState(bool Ready, string Reason, int ExitCode);
