namespace KernelAgent.Agent.Service;

/// <summary>A step of the pass loop that took longer than it was allowed: the watchdog stops pinging.</summary>
internal sealed record PassStall(string Activity, TimeSpan Allowed, TimeSpan Overdue);
