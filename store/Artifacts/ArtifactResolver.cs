using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Variants;

namespace KernelAgent.Store.Artifacts;

/// <summary>
/// Finds the published artifact of an exact variant in one store. A variant is present only when its
/// attestation exists and verifies and every module it names has the attested digest; a file that merely
/// exists proves nothing.
/// </summary>
public static class ArtifactResolver
{
    /// <summary>The verified artifact, or null when the store has no attestation for the variant.</summary>
    /// <exception cref="AttestationVerificationException">An attestation exists but is not acceptable.</exception>
    /// <exception cref="StoreException">
    /// The store failed, an attested module is missing, or an object is larger than the store's
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
        var modules = new List<ResolvedModule>(verified.Modules.Count);
        foreach (var module in verified.Modules)
        {
            // Bounded and streamed while hashed (ArtifactDownload): a module reaches memory only once it matches.
            var key = StoreLayout.ModuleKey(variant, module.FileName, module.Sha256);
            modules.Add(new ResolvedModule(module, key, await ArtifactDownload.ReadModuleAsync(store, key, module.FileName, module.Sha256, cancellationToken)));
        }

        // All or nothing: one module that does not hash to its subject refuses the whole artifact.
        AttestationVerifier.CheckModules(verified, [.. modules.Select(m => (ReadOnlyMemory<byte>)m.Bytes)]);
        return new ResolvedArtifact(variant, store.Location, modules, attestationKey, envelope, verified);
    }
}
