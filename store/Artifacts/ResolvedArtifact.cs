using KernelAgent.Store.Attestations;
using KernelAgent.Store.Variants;

namespace KernelAgent.Store.Artifacts;

/// <summary>A module whose attestation verified and whose bytes match it, for exactly the requested variant.</summary>
/// <param name="Variant">The variant asked for (and attested).</param>
/// <param name="Store">The store it came from.</param>
/// <param name="ModuleKey">Key of the module in that store.</param>
/// <param name="AttestationKey">Key of the attestation in that store.</param>
/// <param name="Module">The verified module bytes.</param>
/// <param name="Envelope">The attestation envelope bytes as read.</param>
/// <param name="Attestation">The verified attestation.</param>
public sealed record ResolvedArtifact(
    ArtifactVariant Variant,
    Uri Store,
    string ModuleKey,
    string AttestationKey,
    byte[] Module,
    byte[] Envelope,
    VerifiedAttestation Attestation);
