using KernelAgent.Protocol.V1;
using KernelAgent.Store.Attestations;

namespace KernelAgent.BuildFarm.Published;

/// <summary>
/// A published artifact whose attestation verified and whose every module matched it, as the farm answers it.
/// <paramref name="Reference"/> may be shared between answers: never change it.
/// </summary>
/// <param name="Reference">What Resolve and an already-published Build answer (keys, digests, signer).</param>
/// <param name="Attestation">The verified attestation (its build key decides whether a rebuild supersedes it).</param>
internal sealed record PublishedArtifact(ArtifactRef Reference, VerifiedAttestation Attestation);
