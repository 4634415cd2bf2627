using KernelAgent.Agent.Logging;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Variants;
using Microsoft.Extensions.Logging;

namespace KernelAgent.Agent.Resolution;

/// <summary>
/// The resolution order. A refusal anywhere is logged with its exact reason and resolution moves on to
/// the next source; the host never falls back to a different variant.
/// </summary>
internal sealed partial class HostArtifactResolver(
    ArtifactCache cache,
    IReadOnlyList<IArtifactStore> stores,
    IFarmClient farm,
    Func<string, IArtifactStore> openStore,
    TrustedKeyRing trustedKeys,
    string requestedBy,
    IMissListener misses,
    ILogger<HostArtifactResolver> logger,
    IResolutionProgress? progress = null,
    InstalledArtifacts? installed = null,
    Trust.TrustPolicySource? trust = null) : IHostArtifactResolver
{
    public async Task<ResolutionResult> ResolveAsync(ArtifactVariant variant, CancellationToken cancellationToken)
    {
        // Fetched for every resolution: a revocation or a raised floor applies from the next pass on, cache included.
        var keys = trust is null ? trustedKeys : await trust.CurrentAsync(cancellationToken);
        if (keys.Policy.RollbackProblem(variant.Driver) is { } rollback)
        {
            LogRollbackRefused(variant.ContentKey, rollback);
            throw new ResolutionException(ResolutionFailure.Refused,
                $"refused ({AttestationVerificationException.Describe(VerificationFailure.BelowMinimumVersion)}): {rollback}");
        }

        AttestationVerificationException? refusal = null;
        StoreException? unreachable = null;
        var answeredMissing = false;
        try
        {
            var cached = await cache.TryGetAsync(variant, keys, cancellationToken);
            if (cached is not null)
            {
                LogCacheHit(variant.ContentKey, cached.Attestation.ModuleSha256);
                return new ResolutionResult(cached, ArtifactSource.Cache, null, false);
            }
        }
        catch (AttestationVerificationException e)
        {
            refusal = e;
            LogRefusal("cache", variant.ContentKey, e);
            Quarantine(variant, e.ReasonText);
        }

        if (await TryInstalledAsync(variant, keys, cancellationToken) is { } fromInstalled)
        {
            return fromInstalled;
        }

        foreach (var store in stores)
        {
            progress?.Report($"reading store {store.Location} for {Describe(variant)}");
            try
            {
                var found = await ArtifactResolver.ResolveAsync(store, variant, keys, cancellationToken);
                if (found is null)
                {
                    LogStoreMiss(store.Location.ToString(), variant.ContentKey);
                    answeredMissing = true;
                    continue;
                }

                await KeepAsync(found, cancellationToken);
                LogStoreHit(store.Location.ToString(), variant.ContentKey, found.Attestation.ModuleSha256);
                return new ResolutionResult(found, ArtifactSource.Store, null, false);
            }
            catch (StoreException e)
            {
                unreachable = e;
                LogStoreFailed(store.Location.ToString(), variant.ContentKey, e.Message);
            }
            catch (AttestationVerificationException e)
            {
                refusal = e;
                LogRefusal(store.Location.ToString(), variant.ContentKey, e);
            }
        }

        // A store that failed or held a refused artifact is no evidence the variant is missing; one that answered "not here"
        // (or having no store at all) is.
        if (refusal is null && (answeredMissing || stores.Count == 0))
        {
            misses.Missed(variant);
        }

        if (!farm.IsConfigured)
        {
            throw Failure(variant, refusal, unreachable);
        }

        return await FromFarmAsync(variant, keys, cancellationToken);
    }

    /// <summary>
    /// The module set installed by an earlier pass, verified again from its recorded attestation: what lets a host whose
    /// stores, farm and cache are all gone still load at boot. Anything that does not verify is not used (logged), and
    /// resolution goes on as if nothing were installed.
    /// </summary>
    private async Task<ResolutionResult?> TryInstalledAsync(ArtifactVariant variant, TrustedKeyRing keys, CancellationToken cancellationToken)
    {
        if (installed is null)
        {
            return null;
        }

        try
        {
            var found = await installed.TryGetAsync(variant, keys, cancellationToken);
            if (found is null)
            {
                return null;
            }

            LogInstalledHit(variant.ContentKey, found.Attestation.ModuleSha256, found.Modules.Count);
            await KeepAsync(found, cancellationToken);
            return new ResolutionResult(found, ArtifactSource.Installed, null, false);
        }
        catch (AttestationVerificationException e)
        {
            LogInstalledNotTrusted(variant.ContentKey, e.ReasonText, e.Detail);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogInstalledNotTrusted(variant.ContentKey, "unreadable", e.Message);
        }

        return null;
    }

    public string? Quarantine(ArtifactVariant variant, string reason)
    {
        var target = cache.Quarantine(variant);
        if (target is not null)
        {
            LogQuarantined(variant.ContentKey, reason, target);
        }

        return target;
    }

    private async Task<ResolutionResult> FromFarmAsync(ArtifactVariant variant, TrustedKeyRing keys, CancellationToken cancellationToken)
    {
        LogAskingFarm(variant.ContentKey);
        progress?.Report($"asking the build farm for {Describe(variant)}");
        var built = await farm.BuildAsync(variant, requestedBy, e =>
        {
            LogBuildEvent(e.BuildId, e.State, Describe(e));
            if (e.DetailCase != BuildEvent.DetailOneofCase.Log)
            {
                progress?.Report($"waiting for the build farm to build {Describe(variant)}: build {e.BuildId} {Describe(e)}");
            }
        }, cancellationToken);
        progress?.Report($"fetching build {built.BuildId} from {built.Artifact.StoreUrl}");
        var store = stores.FirstOrDefault(s => SameStore(s.Location, built.Artifact.StoreUrl)) ?? OpenFarmStore(built.Artifact.StoreUrl);
        ResolvedArtifact? found;
        try
        {
            found = await ArtifactResolver.ResolveAsync(store, variant, keys, cancellationToken);
        }
        catch (AttestationVerificationException e)
        {
            LogRefusal(store.Location.ToString(), variant.ContentKey, e);
            throw new ResolutionException(ResolutionFailure.Refused, $"the farm's artifact was refused: {e.Message}", e);
        }
        catch (StoreException e)
        {
            throw new ResolutionException(ResolutionFailure.Unreachable, $"the farm built {built.BuildId} but its store failed: {e.Message}", e);
        }

        if (found is null)
        {
            throw new ResolutionException(ResolutionFailure.NotFound,
                $"the farm reported build {built.BuildId} published at {built.Artifact.StoreUrl}, but no attestation is there");
        }

        await KeepAsync(found, cancellationToken);
        return new ResolutionResult(found, ArtifactSource.Farm, built.BuildId, !built.AlreadyPublished);
    }

    /// <summary>A cache that cannot be written costs the next start a download, never this pass its module.</summary>
    private async Task KeepAsync(ResolvedArtifact artifact, CancellationToken cancellationToken)
    {
        try
        {
            await cache.PutAsync(artifact, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogCacheWriteFailed(cache.Directory, e.Message);
        }
    }

    private IArtifactStore OpenFarmStore(string url)
    {
        try
        {
            return openStore(url);
        }
        catch (StoreConfigurationException e)
        {
            throw new ResolutionException(ResolutionFailure.Unreachable, $"the farm published to a store this host cannot open: {e.Message}", e);
        }
    }

    private static bool SameStore(Uri configured, string published) =>
        string.Equals(configured.ToString().TrimEnd('/'), published.TrimEnd('/'), StringComparison.Ordinal);

    private static ResolutionException Failure(ArtifactVariant variant, AttestationVerificationException? refusal, StoreException? unreachable) =>
        refusal is not null
            ? new ResolutionException(ResolutionFailure.Refused, $"refused ({refusal.ReasonText}): {refusal.Detail}", refusal)
            : unreachable is not null
                ? new ResolutionException(ResolutionFailure.Unreachable, $"no store could be read and no farm is configured: {unreachable.Message}", unreachable)
                : new ResolutionException(ResolutionFailure.NotFound, $"no store has {variant} and no farm is configured");

    private static string Describe(ArtifactVariant variant) =>
        $"{variant.Driver.Name} {variant.Driver.Version} on {variant.Kernel.KernelRelease}";

    private static string Describe(BuildEvent e) => e.DetailCase switch
    {
        BuildEvent.DetailOneofCase.Queued => e.Queued.JoinedExisting ? "joined the build in flight" : $"queued at position {e.Queued.Position}",
        BuildEvent.DetailOneofCase.FetchingHeaders => $"{(e.FetchingHeaders.FromCache ? "headers from cache" : "fetching")} {e.FetchingHeaders.Package} {e.FetchingHeaders.BytesDone}/{e.FetchingHeaders.BytesTotal} bytes",
        BuildEvent.DetailOneofCase.Compiling => $"compiling with {e.Compiling.Compiler}",
        BuildEvent.DetailOneofCase.Signing => $"signing with key {KeyIds.Abbreviate(e.Signing.KeyId)}",
        BuildEvent.DetailOneofCase.Publishing => $"publishing to {e.Publishing.StoreUrl}",
        BuildEvent.DetailOneofCase.Succeeded => e.Succeeded.AlreadyPublished ? "already published" : $"published {e.Succeeded.Artifact.ModuleDigest}",
        BuildEvent.DetailOneofCase.Failed => $"failed ({e.Failed.Reason}): {e.Failed.Message}",
        BuildEvent.DetailOneofCase.Cancelled => $"cancelled: {e.Cancelled.Reason}",
        BuildEvent.DetailOneofCase.Log => e.Log.Line,
        _ => e.State.ToString(),
    };

    [LoggerMessage(EventId = AgentEventIds.CacheWriteFailed, Level = LogLevel.Warning, Message = "cannot write the cache {CacheDirectory}: {Detail}")]
    private partial void LogCacheWriteFailed(string cacheDirectory, string detail);

    [LoggerMessage(EventId = AgentEventIds.CacheHit, Level = LogLevel.Information, Message = "cache hit for {VariantKey}: module sha256 {ArtifactDigest}, verified again")]
    private partial void LogCacheHit(string variantKey, string artifactDigest);

    [LoggerMessage(EventId = AgentEventIds.InstalledHit, Level = LogLevel.Information,
        Message = "installed modules of {VariantKey} verified again from their recorded attestation: {ModuleCount} module(s), first sha256 {ArtifactDigest}")]
    private partial void LogInstalledHit(string variantKey, string artifactDigest, int moduleCount);

    [LoggerMessage(EventId = AgentEventIds.InstalledNotTrusted, Level = LogLevel.Warning,
        Message = "installed modules of {VariantKey} not used ({Outcome}): {Detail}; resolving from the cache, stores and farm")]
    private partial void LogInstalledNotTrusted(string variantKey, string outcome, string detail);

    [LoggerMessage(EventId = AgentEventIds.StoreHit, Level = LogLevel.Information, Message = "store {Store} has {VariantKey}: module sha256 {ArtifactDigest}, verified")]
    private partial void LogStoreHit(string store, string variantKey, string artifactDigest);

    [LoggerMessage(EventId = AgentEventIds.StoreMiss, Level = LogLevel.Information, Message = "store {Store} has no artifact for {VariantKey}")]
    private partial void LogStoreMiss(string store, string variantKey);

    [LoggerMessage(EventId = AgentEventIds.StoreUnavailable, Level = LogLevel.Warning, Message = "store {Store} failed for {VariantKey}: {Detail}")]
    private partial void LogStoreFailed(string store, string variantKey, string detail);

    /// <summary>Revocation and rollback refusals have event ids of their own: SREs alert on those.</summary>
    private void LogRefusal(string store, string variantKey, AttestationVerificationException e)
    {
        switch (e.Reason)
        {
            case VerificationFailure.RevokedKey:
                LogRevokedKeyRefused(store, variantKey, e.Detail);
                break;
            case VerificationFailure.BelowMinimumVersion:
                LogRollbackRefused(variantKey, e.Detail);
                break;
            default:
                LogRefused(store, variantKey, e.ReasonText, e.Detail);
                break;
        }
    }

    [LoggerMessage(EventId = AgentEventIds.ArtifactRefused, Level = LogLevel.Error, Message = "artifact from {Store} for {VariantKey} refused ({Outcome}): {Detail}")]
    private partial void LogRefused(string store, string variantKey, string outcome, string detail);

    [LoggerMessage(EventId = AgentEventIds.RevokedKeyRefused, Level = LogLevel.Error,
        Message = "artifact from {Store} for {VariantKey} refused (revoked key): {Detail}; looking for one signed by a trusted key")]
    private partial void LogRevokedKeyRefused(string store, string variantKey, string detail);

    [LoggerMessage(EventId = AgentEventIds.RollbackRefused, Level = LogLevel.Error, Message = "refused to load {VariantKey}: {Detail}")]
    private partial void LogRollbackRefused(string variantKey, string detail);

    [LoggerMessage(EventId = AgentEventIds.ArtifactQuarantined, Level = LogLevel.Warning, Message = "cached artifact for {VariantKey} refused ({Outcome}); moved to {QuarantinePath}")]
    private partial void LogQuarantined(string variantKey, string outcome, string quarantinePath);

    [LoggerMessage(EventId = AgentEventIds.AskingFarm, Level = LogLevel.Information, Message = "no store has {VariantKey}; asking the build farm")]
    private partial void LogAskingFarm(string variantKey);

    [LoggerMessage(EventId = AgentEventIds.BuildProgress, Level = LogLevel.Information, Message = "build {BuildId} {BuildState}: {Detail}")]
    private partial void LogBuildEvent(string buildId, BuildState buildState, string detail);
}
