using KernelAgent.Store.Variants;

namespace KernelAgent.Store.Trust;

/// <summary>
/// Which signing keys are revoked and which driver versions are too old to load: from an agent's configuration, from
/// the signed policy object in a store (docs/store-layout.md, "Trust policy"), or both merged. Merging only ever
/// tightens: a revocation or a floor, once known, is never lifted by another source.
/// </summary>
public sealed class TrustPolicy
{
    public static readonly TrustPolicy Empty = new(0, new Dictionary<string, string>(), new Dictionary<string, string>());

    public TrustPolicy(long serial, IReadOnlyDictionary<string, string> revokedKeys, IReadOnlyDictionary<string, string> minimumVersions)
    {
        ArgumentNullException.ThrowIfNull(revokedKeys);
        ArgumentNullException.ThrowIfNull(minimumVersions);
        Serial = serial;
        RevokedKeys = new Dictionary<string, string>(revokedKeys, StringComparer.Ordinal);
        MinimumVersions = new Dictionary<string, string>(minimumVersions, StringComparer.Ordinal);
    }

    /// <summary>The store object's serial (raised by every change); 0 for configuration alone.</summary>
    public long Serial { get; }

    /// <summary>Revoked key IDs (full lower-case hex), each with the reason given when it was revoked.</summary>
    public IReadOnlyDictionary<string, string> RevokedKeys { get; }

    /// <summary>Per driver name, the lowest version that may be loaded.</summary>
    public IReadOnlyDictionary<string, string> MinimumVersions { get; }

    public bool IsRevoked(string keyId) => RevokedKeys.ContainsKey(keyId);

    /// <summary>Why <paramref name="driver"/> may not be loaded under this policy, or null when it may.</summary>
    public string? RollbackProblem(DriverIdentity driver)
    {
        ArgumentNullException.ThrowIfNull(driver);
        return RollbackProblem(driver.Name, driver.Version);
    }

    /// <summary>As <see cref="RollbackProblem(DriverIdentity)"/>, for an attested name and version.</summary>
    public string? RollbackProblem(string? driverName, string? version)
    {
        if (driverName is null || !MinimumVersions.TryGetValue(driverName, out var minimum))
        {
            return null;
        }

        if (DriverVersions.Problem(version) is { } problem)
        {
            return $"driver {driverName} version '{version}' cannot be compared with the minimum {minimum}: {problem}";
        }

        return DriverVersions.Compare(version!, minimum) < 0
            ? $"driver {driverName} version {version} is below the minimum version {minimum} (rollback protection)"
            : null;
    }

    /// <summary>Both policies' revocations, and per driver the higher floor; the higher serial.</summary>
    public TrustPolicy Merge(TrustPolicy other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var revoked = new Dictionary<string, string>(RevokedKeys, StringComparer.Ordinal);
        foreach (var (id, reason) in other.RevokedKeys)
        {
            revoked.TryAdd(id, reason);
        }

        var minimums = new Dictionary<string, string>(MinimumVersions, StringComparer.Ordinal);
        foreach (var (driver, version) in other.MinimumVersions)
        {
            if (!minimums.TryGetValue(driver, out var mine) || DriverVersions.Compare(version, mine) > 0)
            {
                minimums[driver] = version;
            }
        }

        return new TrustPolicy(Math.Max(Serial, other.Serial), revoked, minimums);
    }
}
