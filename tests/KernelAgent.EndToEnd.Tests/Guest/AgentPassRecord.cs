namespace KernelAgent.EndToEnd.Tests.Guest;

/// <summary>
/// The agent's own record of its pass (<c>/var/lib/kernel-agent/last-pass.json</c>), printed by the guest:
/// the same fields <c>kernel-agent status</c> shows. Only what the tests assert on is read.
/// </summary>
internal sealed record AgentPassRecord(
    string Outcome,
    string Message,
    string? KernelRelease,
    string? VariantKey,
    string? ArtifactDigest,
    string? Source,
    string? BuildId,
    bool FarmBuilt,
    string? ModulePath,
    TimeSpan? ResolveTime,
    TimeSpan? Duration);
