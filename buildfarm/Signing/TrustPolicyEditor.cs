using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Trust;

namespace KernelAgent.BuildFarm.Signing;

/// <summary>
/// Reads, changes and republishes the store's signed trust policy (docs/store-layout.md, "Trust policy"): every change
/// raises the serial by one, is signed with the farm's active key, kept under history/ and then written over the policy.
/// </summary>
internal sealed class TrustPolicyEditor(IArtifactStore store, IAttestationSigning signing, TimeProvider time)
{
    /// <summary>The published policy (verified with the farm's keys), or <see cref="TrustPolicy.Empty"/> when there is none.</summary>
    /// <exception cref="InvalidOperationException">A policy is published but does not verify: it is never silently replaced.</exception>
    public async Task<TrustPolicy> ReadAsync(CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await store.ReadAsync(StoreLayout.TrustPolicyKey, cancellationToken);
        }
        catch (StoreException e) when (e.Kind == StoreErrorKind.NotFound)
        {
            return TrustPolicy.Empty;
        }

        var (policy, problem) = TrustPolicyCodec.Read(bytes, signing.TrustedKeys);
        return policy ?? throw new InvalidOperationException(
            $"the published trust policy {StoreLayout.TrustPolicyKey} does not verify with this farm's keys ({problem}); fix or remove it first");
    }

    /// <summary>Adds a revocation; refuses to revoke the key that would sign the policy.</summary>
    public Task<TrustPolicy> RevokeAsync(string keyId, string reason, CancellationToken cancellationToken)
    {
        if (string.Equals(keyId, signing.KeyId, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{keyId} is the farm's active signing key: run `kernel-buildfarm keys rotate` first");
        }

        return ChangeAsync(current => new TrustPolicy(
            current.Serial + 1,
            new Dictionary<string, string>(current.RevokedKeys, StringComparer.Ordinal) { [keyId] = reason },
            current.MinimumVersions), cancellationToken);
    }

    /// <summary>Sets a driver's floor. Lowering one is refused: a floor protects against rollback only if it never goes down.</summary>
    public Task<TrustPolicy> SetMinimumVersionAsync(string driver, string version, bool allowLower, CancellationToken cancellationToken) =>
        ChangeAsync(current =>
        {
            if (!allowLower && current.MinimumVersions.TryGetValue(driver, out var existing) && DriverVersions.Compare(version, existing) < 0)
            {
                throw new InvalidOperationException($"the minimum version of {driver} is {existing}; lowering it to {version} needs --allow-lower");
            }

            return new TrustPolicy(
                current.Serial + 1,
                current.RevokedKeys,
                new Dictionary<string, string>(current.MinimumVersions, StringComparer.Ordinal) { [driver] = version });
        }, cancellationToken);

    private async Task<TrustPolicy> ChangeAsync(Func<TrustPolicy, TrustPolicy> change, CancellationToken cancellationToken)
    {
        var next = change(await ReadAsync(cancellationToken));
        await ArtifactPublisher.PublishTrustPolicyAsync(store, signing.SignPolicy(next, time.GetUtcNow()), cancellationToken);
        return next;
    }
}
