using System.Security.Cryptography;

namespace KernelAgent.Store.Attestations.Keys;

/// <summary>
/// A key ID is derived from the public key alone: lower-case hex SHA-256 of the raw 32-byte Ed25519
/// public key. Anyone holding the public key can recompute it; a file name never decides it.
/// </summary>
public static class KeyIds
{
    public static string FromRawPublicKey(ReadOnlySpan<byte> rawPublicKey) =>
        Convert.ToHexStringLower(SHA256.HashData(rawPublicKey));

    /// <summary>The first 16 hex digits, for messages; the full ID is what the envelope carries.</summary>
    public static string Abbreviate(string keyId) => keyId.Length > 16 ? keyId[..16] : keyId;
}
