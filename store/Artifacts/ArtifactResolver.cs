using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Variants;

namespace KernelAgent.Store.Artifacts;

/// <summary>
/// Finds the published artifact of an exact variant in one store. A variant is present only when its
/// attestation exists and verifies and the module it names has the attested digest; a file that merely
/// exists proves nothing.
/// </summary>
public static class ArtifactResolver
{
    /// <summary>The verified artifact, or null when the store has no attestation for the variant.</summary>
    /// <exception cref="AttestationVerificationException">An attestation exists but is not acceptable.</exception>
    /// <exception cref="StoreException">
    /// The store failed, the attested module is missing, or an object is larger than the store's
    /// <see cref="IArtifactStore.Limits"/> allow (<see cref="StoreErrorKind.TooLarge"/>).
    /// </exception>
    public static async Task<ResolvedArtifact?> ResolveAsync(
        IArtifactStore store, ArtifactVariant variant, TrustedKeyRing trustedKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(variant);
        var attestationKey = StoreLayout.AttestationKey(variant);
        byte[] envelope;
        try
        {
            envelope = await ArtifactDownload.ReadAttestationAsync(store, attestationKey, cancellationToken);
        }
        catch (StoreException e) when (e.Kind == StoreErrorKind.NotFound)
        {
            return null;
        }

        var verified = AttestationVerifier.VerifyEnvelope(envelope, trustedKeys);
        AttestationVerifier.CheckVariant(verified, variant);
        var moduleKey = StoreLayout.ModuleKey(variant, verified.ModuleSha256);
        var module = await ArtifactDownload.ReadModuleAsync(store, moduleKey, verified.ModuleSha256, cancellationToken);
        verified = AttestationVerifier.VerifyArtifact(envelope, module, trustedKeys, variant);
        return new ResolvedArtifact(variant, store.Location, moduleKey, attestationKey, module, envelope, verified);
    }
}
