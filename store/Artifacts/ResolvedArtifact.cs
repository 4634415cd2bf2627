using KernelAgent.Store.Attestations;
using KernelAgent.Store.Variants;

namespace KernelAgent.Store.Artifacts;

/// <summary>
/// An artifact whose attestation verified and whose every module matches it (all or nothing), for exactly the
/// requested variant.
/// </summary>
/// <param name="Variant">The variant asked for (and attested).</param>
/// <param name="Store">The store it came from.</param>
/// <param name="Modules">Every attested module with its verified bytes, in the attested order.</param>
/// <param name="AttestationKey">Key of the attestation in that store.</param>
/// <param name="Envelope">The attestation envelope bytes as read.</param>
/// <param name="Attestation">The verified attestation.</param>
public sealed record ResolvedArtifact(
    ArtifactVariant Variant,
    Uri Store,
    IReadOnlyList<ResolvedModule> Modules,
    string AttestationKey,
    byte[] Envelope,
    VerifiedAttestation Attestation);
