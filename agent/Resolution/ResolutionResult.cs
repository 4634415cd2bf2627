using KernelAgent.Store.Artifacts;

namespace KernelAgent.Agent.Resolution;

/// <summary>A verified artifact for the host's exact variant and how it was found.</summary>
/// <param name="Artifact">The verified module, attestation and where they came from.</param>
/// <param name="Source">Cache, store or farm.</param>
/// <param name="BuildId">The farm's build id when the farm was asked; otherwise null.</param>
/// <param name="FarmBuilt">True when the farm compiled it for this request (false for a farm-side hit).</param>
internal sealed record ResolutionResult(ResolvedArtifact Artifact, ArtifactSource Source, string? BuildId, bool FarmBuilt);
