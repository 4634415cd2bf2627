using KernelAgent.Agent.Logging;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Trust;
using Microsoft.Extensions.Logging;

namespace KernelAgent.Agent.Trust;

/// <summary>
/// The trust policy a resolution runs under: the configuration's (revoked keys, minimum versions) merged with the
/// newest signed policy object any store holds. The newest accepted object is kept in the state folder, so a store that
/// later serves an older policy (a replay) or none at all cannot lift a revocation or lower a floor this host has seen.
/// </summary>
internal sealed partial class TrustPolicySource(
    TrustedKeyRing configured, IReadOnlyList<IArtifactStore> stores, string stateDirectory, ILogger<TrustPolicySource> logger)
{
    public const string KeptFileName = "trust-policy.dsse.json";

    public string KeptPath => Path.Join(stateDirectory, KeptFileName);

    /// <summary>The configured keys under the effective policy.</summary>
    public async Task<TrustedKeyRing> CurrentAsync(CancellationToken cancellationToken)
    {
        var kept = ReadKept();
        // A key the kept policy revokes signs no later policy: a stolen key cannot publish a newer serial that lifts its own revocation.
        var verifying = kept is null ? configured : configured.WithPolicy(configured.Policy.Merge(kept));
        TrustPolicy? newest = null;
        byte[]? newestBytes = null;
        foreach (var store in stores)
        {
            var bytes = await FetchAsync(store, cancellationToken);
            if (bytes is null)
            {
                continue;
            }

            var (policy, problem) = TrustPolicyCodec.Read(bytes, verifying);
            if (policy is null)
            {
                LogRefused(store.Location.ToString(), problem!);
                continue;
            }

            if (kept is not null && policy.Serial < kept.Serial)
            {
                LogReplayed(store.Location.ToString(), policy.Serial, kept.Serial);
                continue;
            }

            if (newest is null || policy.Serial > newest.Serial)
            {
                (newest, newestBytes) = (policy, bytes);
            }
        }

        if (newest is not null && (kept is null || newest.Serial > kept.Serial))
        {
            Keep(newestBytes!);
            LogAccepted(newest.Serial, newest.RevokedKeys.Count, newest.MinimumVersions.Count);
        }

        var effective = newest ?? kept;
        return effective is null ? configured : configured.WithPolicy(configured.Policy.Merge(effective));
    }

    private TrustPolicy? ReadKept()
    {
        byte[] bytes;
        try
        {
            if (!File.Exists(KeptPath))
            {
                return null;
            }

            bytes = File.ReadAllBytes(KeptPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogRefused(KeptPath, e.Message);
            return null;
        }

        // A kept policy is verified again: keys or configured revocations may have changed since it was kept.
        var (policy, problem) = TrustPolicyCodec.Read(bytes, configured);
        if (policy is null)
        {
            LogRefused(KeptPath, problem!);
        }

        return policy;
    }

    private async Task<byte[]?> FetchAsync(IArtifactStore store, CancellationToken cancellationToken)
    {
        try
        {
            using var buffer = new MemoryStream();
            await store.CopyToAsync(StoreLayout.TrustPolicyKey, buffer, TrustPolicyCodec.MaxBytes, cancellationToken);
            return buffer.ToArray();
        }
        catch (StoreException e) when (e.Kind == StoreErrorKind.NotFound)
        {
            return null;
        }
        catch (StoreException e)
        {
            LogUnreadable(store.Location.ToString(), e.Message);
            return null;
        }
    }

    private void Keep(byte[] bytes)
    {
        try
        {
            Loading.AtomicFile.Write(KeptPath, bytes,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Enforced for this pass all the same; only the replay protection of later passes is weaker.
            LogUnreadable(KeptPath, e.Message);
        }
    }

    [LoggerMessage(EventId = AgentEventIds.TrustPolicyAccepted, Level = LogLevel.Information,
        Message = "trust policy serial {PolicySerial} accepted: {RevokedCount} revoked key(s), {MinimumCount} minimum version(s)")]
    private partial void LogAccepted(long policySerial, int revokedCount, int minimumCount);

    [LoggerMessage(EventId = AgentEventIds.TrustPolicyRefused, Level = LogLevel.Error, Message = "trust policy from {Store} refused: {Detail}")]
    private partial void LogRefused(string store, string detail);

    [LoggerMessage(EventId = AgentEventIds.TrustPolicyReplayed, Level = LogLevel.Warning,
        Message = "trust policy from {Store} has serial {PolicySerial}, older than the serial {KeptSerial} this host keeps: ignored (replayed or stale)")]
    private partial void LogReplayed(string store, long policySerial, long keptSerial);

    [LoggerMessage(EventId = AgentEventIds.TrustPolicyUnreadable, Level = LogLevel.Warning, Message = "trust policy at {Store} could not be read or kept: {Detail}")]
    private partial void LogUnreadable(string store, string detail);
}
