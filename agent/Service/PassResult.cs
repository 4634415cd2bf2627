using KernelAgent.Agent.Resolution;

namespace KernelAgent.Agent.Service;

/// <summary>
/// What one pass did, for the exit code, the status file, the journal and the summary line. <see cref="ModulePath"/> is
/// the first module's file; <see cref="ModulePaths"/> every module's, in the artifact's order.
/// </summary>
internal sealed record PassResult(
    PassOutcome Outcome,
    string Message,
    string? KernelRelease = null,
    string? KernelVersion = null,
    string? VariantKey = null,
    string? ArtifactDigest = null,
    string? AttestationDigest = null,
    ArtifactSource? Source = null,
    string? BuildId = null,
    bool FarmBuilt = false,
    string? ModulePath = null,
    DateTimeOffset? FinishedAt = null,
    TimeSpan? ResolveTime = null,
    TimeSpan? Duration = null,
    IReadOnlyList<string>? ModulePaths = null);
