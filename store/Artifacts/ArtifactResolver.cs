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
    /// <exception cref="StoreException">The store failed, or an attested module is missing.</exception>
    public static async Task<ResolvedArtifact?> ResolveAsync(
        IArtifactStore store, ArtifactVariant variant, TrustedKeyRing trustedKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(variant);
        var attestationKey = StoreLayout.AttestationKey(variant);
        byte[] envelope;
        try
        {
            envelope = await store.ReadAsync(attestationKey, cancellationToken);
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
            var key = StoreLayout.ModuleKey(variant, module.FileName, module.Sha256);
            modules.Add(new ResolvedModule(module, key, await store.ReadAsync(key, cancellationToken)));
        }

        // All or nothing: one module that does not hash to its subject refuses the whole artifact.
        AttestationVerifier.CheckModules(verified, [.. modules.Select(m => (ReadOnlyMemory<byte>)m.Bytes)]);
        return new ResolvedArtifact(variant, store.Location, modules, attestationKey, envelope, verified);
    }
}
