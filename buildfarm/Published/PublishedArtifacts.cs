using KernelAgent.BuildFarm.Builds;
using KernelAgent.BuildFarm.Signing;
using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Variants;
using Microsoft.Extensions.Caching.Memory;
using KernelAgent.BuildFarm.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Published;

/// <summary>
/// Verifies a published artifact once and keeps what was verified, keyed by the variant and checked on every use
/// against the store's version of the attestation and of each module (<see cref="IArtifactStore.VersionAsync"/>): a
/// replaced or altered object has another version, and is read and verified again. Kept entries hold no module bytes,
/// and their number is bounded (<see cref="PublishedArtifactsOptions.VerifiedLimit"/>).
/// </summary>
internal sealed partial class PublishedArtifacts : IPublishedArtifacts, IDisposable
{
    private readonly IArtifactStore _store;
    private readonly IAttestationSigning _signing;
    private readonly string _publishedStoreUrl;
    private readonly ILogger<PublishedArtifacts> _logger;
    private readonly MemoryCache? _verified;

    public PublishedArtifacts(
        IArtifactStore store, IAttestationSigning signing, Hosting.PublishedStoreUrl publishedStoreUrl,
        IOptions<PublishedArtifactsOptions> options, ILogger<PublishedArtifacts> logger)
    {
        _store = store;
        _signing = signing;
        _publishedStoreUrl = publishedStoreUrl.Value;
        _logger = logger;
        var limit = options.Value.VerifiedLimit;
        _verified = limit > 0 ? new MemoryCache(new MemoryCacheOptions { SizeLimit = limit }) : null;
    }

    /// <summary>Verified artifacts kept now; never more than the limit.</summary>
    internal int VerifiedCount => _verified?.Count ?? 0;

    public async Task<PublishedArtifact?> FindAsync(ArtifactVariant variant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(variant);
        if (_verified is not null && _verified.TryGetValue(variant.ContentKey, out Verified? kept) && kept is not null
            && await IsCurrentAsync(kept, cancellationToken))
        {
            return kept.Published;
        }

        _verified?.Remove(variant.ContentKey);
        var first = await VerifyAsync(variant, cancellationToken);
        if (first is null || _verified is null)
        {
            return first?.Published;
        }

        // The versions only vouch for what was read while they held: read and verify again between two sightings of
        // the same versions, so an object replaced during the first read is never kept under its new version.
        var versions = await VersionsAsync(first, cancellationToken);
        if (versions is null)
        {
            return first.Published;
        }

        var second = await VerifyAsync(variant, cancellationToken);
        if (second is null || !second.SameObjects(first) || !SameVersions(versions, await VersionsAsync(second, cancellationToken)))
        {
            return second?.Published;
        }

        _verified.Set(variant.ContentKey, second with { Versions = versions }, new MemoryCacheEntryOptions { Size = 1 });
        return second.Published;
    }

    public void Dispose() => _verified?.Dispose();

    private async Task<Verified?> VerifyAsync(ArtifactVariant variant, CancellationToken cancellationToken)
    {
        ResolvedArtifact? resolved;
        try
        {
            resolved = await ArtifactResolver.ResolveAsync(_store, variant, _signing.TrustedKeys, cancellationToken);
        }
        catch (AttestationVerificationException e)
        {
            // Not a hit: the build this leads to replaces it (BuildPipeline).
            LogUnverifiablePublished(variant.ContentKey, e.Message);
            return null;
        }

        return resolved is null
            ? null
            : new Verified(
                new PublishedArtifact(ArtifactReferences.From(_publishedStoreUrl, resolved), resolved.Attestation),
                [resolved.AttestationKey, .. resolved.Modules.Select(m => m.Key)],
                []);
    }

    private async Task<bool> IsCurrentAsync(Verified kept, CancellationToken cancellationToken)
    {
        try
        {
            for (var i = 0; i < kept.Keys.Length; i++)
            {
                if (!string.Equals(await _store.VersionAsync(kept.Keys[i], cancellationToken), kept.Versions[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
        catch (StoreException e) when (e.Kind == StoreErrorKind.NotFound)
        {
            return false;
        }
    }

    /// <summary>The store's version of every object of the artifact, or null when the store cannot tell one or one is gone.</summary>
    private async Task<string[]?> VersionsAsync(Verified verified, CancellationToken cancellationToken)
    {
        var versions = new string[verified.Keys.Length];
        try
        {
            for (var i = 0; i < versions.Length; i++)
            {
                if (await _store.VersionAsync(verified.Keys[i], cancellationToken) is not { } version)
                {
                    return null;
                }

                versions[i] = version;
            }
        }
        catch (StoreException e) when (e.Kind == StoreErrorKind.NotFound)
        {
            return null;
        }

        return versions;
    }

    private static bool SameVersions(string[] a, string[]? b) => b is not null && a.AsSpan().SequenceEqual(b);

    [LoggerMessage(EventId = FarmEventIds.PublishedAttestationUnverifiable, Level = LogLevel.Error, Message = "published attestation for {VariantKey} does not verify: {Detail}")]
    private partial void LogUnverifiablePublished(string variantKey, string detail);

    /// <param name="Published">What was verified.</param>
    /// <param name="Keys">The attestation's key, then each module's.</param>
    /// <param name="Versions">The store's version of each key when it was verified.</param>
    private sealed record Verified(PublishedArtifact Published, string[] Keys, string[] Versions)
    {
        public bool SameObjects(Verified other) =>
            Keys.AsSpan().SequenceEqual(other.Keys)
            && Published.Attestation.EnvelopeSha256 == other.Published.Attestation.EnvelopeSha256;
    }
}
