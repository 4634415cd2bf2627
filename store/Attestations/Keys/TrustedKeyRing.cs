namespace KernelAgent.Store.Attestations.Keys;

/// <summary>
/// The set of keys an agent accepts, by key ID. Several keys at once is how rotation works: trust the new
/// key everywhere, switch the farm, then drop the old key.
/// </summary>
public sealed class TrustedKeyRing
{
    /// <summary>Files in a trusted-keys folder that are read as keys; anything else is ignored.</summary>
    public static readonly IReadOnlyList<string> KeyFilePatterns = ["*.pub", "*.pub.pem", "*.pem"];

    private readonly Dictionary<string, TrustedKey> _keys;

    public TrustedKeyRing(IEnumerable<TrustedKey> keys, Trust.TrustPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Policy = policy ?? Trust.TrustPolicy.Empty;
        _keys = new Dictionary<string, TrustedKey>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            _keys.TryAdd(key.KeyId, key);
        }
    }

    public IReadOnlyCollection<TrustedKey> Keys => _keys.Values;

    /// <summary>Revoked keys (never accepted, though present here) and per-driver minimum versions the verifier enforces.</summary>
    public Trust.TrustPolicy Policy { get; }

    /// <summary>The same keys under <paramref name="policy"/>.</summary>
    public TrustedKeyRing WithPolicy(Trust.TrustPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new TrustedKeyRing(_keys.Values, policy);
    }

    public int Count => _keys.Count;

    public bool TryGet(string keyId, out TrustedKey key) => _keys.TryGetValue(keyId, out key!);

    /// <summary>
    /// Loads every public key file of a folder. A file that is not a public key is an error rather than
    /// silently skipped, so a private key dropped into the folder by mistake is noticed.
    /// </summary>
    public static TrustedKeyRing FromDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new KeyFileException(directory, "the trusted-keys folder does not exist");
        }

        var files = KeyFilePatterns
            .SelectMany(pattern => Directory.EnumerateFiles(directory, pattern))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new KeyFileException(directory, "the trusted-keys folder holds no public key (*.pub, *.pem)");
        }

        return new TrustedKeyRing(files.Select(TrustedKey.FromPemFile));
    }
}
