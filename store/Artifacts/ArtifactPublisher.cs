using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Variants;

namespace KernelAgent.Store.Artifacts;

/// <summary>
/// The publish protocols (docs/store-layout.md). Both write the module first (content-addressed, so rewriting it is
/// harmless) and the attestation last: its appearance or replacement is the moment of publication, and a crash in
/// between leaves an orphan module that no reader will ever use, never a half-published variant.
/// </summary>
public static class ArtifactPublisher
{
    /// <summary>
    /// Publishes with a conditional create of the attestation (first writer wins); returns
    /// <see cref="PublishOutcome.AlreadyPublished"/> when another writer won.
    /// </summary>
    public static async Task<PublishResult> PublishAsync(
        IArtifactStore store, ArtifactVariant variant, ReadOnlyMemory<byte> module, ReadOnlyMemory<byte> envelope,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(variant);
        var moduleSha = Digests.Sha256Hex(module.Span);
        var envelopeSha = Digests.Sha256Hex(envelope.Span);
        var moduleKey = StoreLayout.ModuleKey(variant, moduleSha);
        var attestationKey = StoreLayout.AttestationKey(variant);

        // Checked first only to save an upload; the conditional create below is what decides.
        if (await store.ExistsAsync(attestationKey, cancellationToken))
        {
            return new PublishResult(PublishOutcome.AlreadyPublished, moduleKey, attestationKey, moduleSha, envelopeSha);
        }

        await store.WriteAsync(moduleKey, module, WriteMode.Overwrite, cancellationToken);
        try
        {
            await store.WriteAsync(attestationKey, envelope, WriteMode.CreateNew, cancellationToken);
        }
        catch (StoreException e) when (e.Kind == StoreErrorKind.Conflict)
        {
            return new PublishResult(PublishOutcome.AlreadyPublished, moduleKey, attestationKey, moduleSha, envelopeSha);
        }

        return new PublishResult(PublishOutcome.Published, moduleKey, attestationKey, moduleSha, envelopeSha);
    }

    /// <summary>
    /// Publishes a rebuild of a variant, replacing whatever attestation is published: the module, then the current
    /// attestation kept under its history key, then this envelope kept there too, then this envelope written over
    /// the attestation in one atomic write (S3 PUT; temp file + rename in a directory). Readers see the old or the
    /// new attestation, each complete, and the old module stays, so a reader holding the old attestation still
    /// finds the module it names. Keeping this envelope in the history before it becomes current means that of two
    /// racing rebuilds neither provenance is lost, whichever write lands last.
    /// </summary>
    /// <returns><see cref="PublishOutcome.Superseded"/> when an attestation was replaced, else <see cref="PublishOutcome.Published"/>.</returns>
    public static async Task<PublishResult> SupersedeAsync(
        IArtifactStore store, ArtifactVariant variant, ReadOnlyMemory<byte> module, ReadOnlyMemory<byte> envelope,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(variant);
        var moduleSha = Digests.Sha256Hex(module.Span);
        var envelopeSha = Digests.Sha256Hex(envelope.Span);
        var moduleKey = StoreLayout.ModuleKey(variant, moduleSha);
        var attestationKey = StoreLayout.AttestationKey(variant);

        await store.WriteAsync(moduleKey, module, WriteMode.Overwrite, cancellationToken);
        var previous = await ReadCurrentAsync(store, attestationKey, cancellationToken);
        string? previousHistoryKey = null;
        if (previous is not null)
        {
            var previousSha = Digests.Sha256Hex(previous);
            if (previousSha == envelopeSha)
            {
                // The very envelope is already current (a retried call): nothing to replace.
                return new PublishResult(PublishOutcome.AlreadyPublished, moduleKey, attestationKey, moduleSha, envelopeSha);
            }

            previousHistoryKey = StoreLayout.AttestationHistoryKey(variant, previousSha);
            await KeepAsync(store, previousHistoryKey, previous, cancellationToken);
        }

        await KeepAsync(store, StoreLayout.AttestationHistoryKey(variant, envelopeSha), envelope, cancellationToken);
        await store.WriteAsync(attestationKey, envelope, WriteMode.Overwrite, cancellationToken);
        return previous is null
            ? new PublishResult(PublishOutcome.Published, moduleKey, attestationKey, moduleSha, envelopeSha)
            : new PublishResult(PublishOutcome.Superseded, moduleKey, attestationKey, moduleSha, envelopeSha, previousHistoryKey);
    }

    private static async Task<byte[]?> ReadCurrentAsync(IArtifactStore store, string attestationKey, CancellationToken cancellationToken)
    {
        try
        {
            return await store.ReadAsync(attestationKey, cancellationToken);
        }
        catch (StoreException e) when (e.Kind == StoreErrorKind.NotFound)
        {
            return null;
        }
    }

    // History objects are named by their digest: one already there holds these very bytes, so a conflict is success.
    private static async Task KeepAsync(IArtifactStore store, string historyKey, ReadOnlyMemory<byte> envelope, CancellationToken cancellationToken)
    {
        try
        {
            await store.WriteAsync(historyKey, envelope, WriteMode.CreateNew, cancellationToken);
        }
        catch (StoreException e) when (e.Kind == StoreErrorKind.Conflict)
        {
            // Kept already, by an earlier attempt or a racing writer.
        }
    }
}
