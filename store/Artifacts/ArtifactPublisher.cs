using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Variants;

namespace KernelAgent.Store.Artifacts;

/// <summary>
/// The publish protocol: the module first (content-addressed, so rewriting it is harmless), then the
/// attestation with a conditional create. The attestation's appearance is the moment of publication; a
/// crash in between leaves an orphan module that no reader will ever use, never a half-published variant.
/// </summary>
public static class ArtifactPublisher
{
    /// <summary>Publishes; returns <see cref="PublishOutcome.AlreadyPublished"/> when another writer won.</summary>
    public static async Task<PublishResult> PublishAsync(
        IArtifactStore store, ArtifactVariant variant, ReadOnlyMemory<byte> module, ReadOnlyMemory<byte> envelope,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(variant);
        var moduleSha = Digests.Sha256Hex(module.Span);
        var moduleKey = StoreLayout.ModuleKey(variant, moduleSha);
        var attestationKey = StoreLayout.AttestationKey(variant);

        // Checked first only to save an upload; the conditional create below is what decides.
        if (await store.ExistsAsync(attestationKey, cancellationToken))
        {
            return new PublishResult(PublishOutcome.AlreadyPublished, moduleKey, attestationKey, moduleSha, Digests.Sha256Hex(envelope.Span));
        }

        await store.WriteAsync(moduleKey, module, WriteMode.Overwrite, cancellationToken);
        try
        {
            await store.WriteAsync(attestationKey, envelope, WriteMode.CreateNew, cancellationToken);
        }
        catch (StoreException e) when (e.Kind == StoreErrorKind.Conflict)
        {
            return new PublishResult(PublishOutcome.AlreadyPublished, moduleKey, attestationKey, moduleSha, Digests.Sha256Hex(envelope.Span));
        }

        return new PublishResult(PublishOutcome.Published, moduleKey, attestationKey, moduleSha, Digests.Sha256Hex(envelope.Span));
    }
}
