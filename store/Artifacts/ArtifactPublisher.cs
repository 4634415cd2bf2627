using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Variants;

namespace KernelAgent.Store.Artifacts;

/// <summary>
/// The publish protocols (docs/store-layout.md). Both write every module first (content-addressed, so rewriting one is
/// harmless) and the attestation last: its appearance or replacement is the moment of publication, and a crash in
/// between leaves orphan modules that no reader will ever use, never a half-published variant.
/// </summary>
public static class ArtifactPublisher
{
    /// <summary>Publishes a one-module artifact whose module is named after its driver.</summary>
    public static Task<PublishResult> PublishAsync(
        IArtifactStore store, ArtifactVariant variant, ReadOnlyMemory<byte> module, ReadOnlyMemory<byte> envelope,
        CancellationToken cancellationToken) =>
        PublishAsync(store, variant, [Single(variant, module)], envelope, cancellationToken);

    /// <summary>
    /// Publishes every module, then the attestation with a conditional create (first writer wins); returns
    /// <see cref="PublishOutcome.AlreadyPublished"/> when another writer won.
    /// </summary>
    public static async Task<PublishResult> PublishAsync(
        IArtifactStore store, ArtifactVariant variant, IReadOnlyList<ModuleContent> modules, ReadOnlyMemory<byte> envelope,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var published = Keys(variant, modules);
        var envelopeSha = Digests.Sha256Hex(envelope.Span);
        var attestationKey = StoreLayout.AttestationKey(variant);

        // Checked first only to save an upload; the conditional create below is what decides.
        if (await store.ExistsAsync(attestationKey, cancellationToken))
        {
            return new PublishResult(PublishOutcome.AlreadyPublished, published, attestationKey, envelopeSha);
        }

        await WriteModulesAsync(store, modules, published, cancellationToken);
        try
        {
            await store.WriteAsync(attestationKey, envelope, WriteMode.CreateNew, cancellationToken);
        }
        catch (StoreException e) when (e.Kind == StoreErrorKind.Conflict)
        {
            return new PublishResult(PublishOutcome.AlreadyPublished, published, attestationKey, envelopeSha);
        }

        return new PublishResult(PublishOutcome.Published, published, attestationKey, envelopeSha);
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
    public static Task<PublishResult> SupersedeAsync(
        IArtifactStore store, ArtifactVariant variant, ReadOnlyMemory<byte> module, ReadOnlyMemory<byte> envelope,
        CancellationToken cancellationToken) =>
        SupersedeAsync(store, variant, [Single(variant, module)], envelope, cancellationToken);

    /// <summary>Supersedes with every module of the artifact written first (see the one-module overload).</summary>
    public static async Task<PublishResult> SupersedeAsync(
        IArtifactStore store, ArtifactVariant variant, IReadOnlyList<ModuleContent> modules, ReadOnlyMemory<byte> envelope,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var published = Keys(variant, modules);
        var envelopeSha = Digests.Sha256Hex(envelope.Span);
        var attestationKey = StoreLayout.AttestationKey(variant);

        await WriteModulesAsync(store, modules, published, cancellationToken);
        var previous = await ReadCurrentAsync(store, attestationKey, cancellationToken);
        string? previousHistoryKey = null;
        if (previous is not null)
        {
            var previousSha = Digests.Sha256Hex(previous);
            if (previousSha == envelopeSha)
            {
                // The very envelope is already current (a retried call): nothing to replace.
                return new PublishResult(PublishOutcome.AlreadyPublished, published, attestationKey, envelopeSha);
            }

            previousHistoryKey = StoreLayout.AttestationHistoryKey(variant, previousSha);
            await KeepAsync(store, previousHistoryKey, previous, cancellationToken);
        }

        await KeepAsync(store, StoreLayout.AttestationHistoryKey(variant, envelopeSha), envelope, cancellationToken);
        await store.WriteAsync(attestationKey, envelope, WriteMode.Overwrite, cancellationToken);
        return previous is null
            ? new PublishResult(PublishOutcome.Published, published, attestationKey, envelopeSha)
            : new PublishResult(PublishOutcome.Superseded, published, attestationKey, envelopeSha, previousHistoryKey);
    }

    /// <summary>
    /// Replaces a published attestation without touching any module (re-signing): the current envelope and the new one
    /// are both kept under their history keys first, then the new one is written over the attestation in one atomic write.
    /// </summary>
    /// <returns>The history key the replaced envelope is kept under.</returns>
    public static async Task<string> ReplaceAttestationAsync(
        IArtifactStore store, ArtifactVariant variant, ReadOnlyMemory<byte> current, ReadOnlyMemory<byte> envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var currentHistoryKey = StoreLayout.AttestationHistoryKey(variant, Digests.Sha256Hex(current.Span));
        await KeepAsync(store, currentHistoryKey, current, cancellationToken);
        await KeepAsync(store, StoreLayout.AttestationHistoryKey(variant, Digests.Sha256Hex(envelope.Span)), envelope, cancellationToken);
        await store.WriteAsync(StoreLayout.AttestationKey(variant), envelope, WriteMode.Overwrite, cancellationToken);
        return currentHistoryKey;
    }

    /// <summary>Publishes a trust policy envelope: kept under its history key, then written over the current policy.</summary>
    public static async Task PublishTrustPolicyAsync(IArtifactStore store, ReadOnlyMemory<byte> envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        await KeepAsync(store, StoreLayout.TrustPolicyHistoryKey(Digests.Sha256Hex(envelope.Span)), envelope, cancellationToken);
        await store.WriteAsync(StoreLayout.TrustPolicyKey, envelope, WriteMode.Overwrite, cancellationToken);
    }

    private static ModuleContent Single(ArtifactVariant variant, ReadOnlyMemory<byte> module)
    {
        ArgumentNullException.ThrowIfNull(variant);
        return new ModuleContent(variant.Driver.Name + ".ko", module);
    }

    private static List<PublishedModule> Keys(ArtifactVariant variant, IReadOnlyList<ModuleContent> modules)
    {
        ArgumentNullException.ThrowIfNull(variant);
        ArgumentNullException.ThrowIfNull(modules);
        if (modules.Count == 0)
        {
            throw new ArgumentException("an artifact has at least one module", nameof(modules));
        }

        return [.. modules.Select(m =>
        {
            var sha = Digests.Sha256Hex(m.Bytes.Span);
            return new PublishedModule(m.FileName, StoreLayout.ModuleKey(variant, m.FileName, sha), sha);
        })];
    }

    // Content-addressed: rewriting a module is harmless, and none is named by an attestation until the attestation is written.
    private static async Task WriteModulesAsync(
        IArtifactStore store, IReadOnlyList<ModuleContent> modules, List<PublishedModule> keys, CancellationToken cancellationToken)
    {
        for (var i = 0; i < modules.Count; i++)
        {
            await store.WriteAsync(keys[i].Key, modules[i].Bytes, WriteMode.Overwrite, cancellationToken);
        }
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
