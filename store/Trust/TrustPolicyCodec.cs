using System.Text.Json;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Variants;

namespace KernelAgent.Store.Trust;

/// <summary>
/// Writes and reads the store's signed trust policy. Reading treats the bytes as hostile: any malformed, oversized,
/// unsigned or wrongly signed object is a refusal with its reason, never an exception.
/// </summary>
public static class TrustPolicyCodec
{
    /// <summary>Largest policy object read; real ones are a few KiB.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>At most this many revoked keys and this many driver floors each.</summary>
    public const int MaxEntries = 256;

    public const int MaxReasonLength = 200;

    /// <summary>The envelope bytes of <paramref name="policy"/>, signed with <paramref name="key"/>.</summary>
    public static byte[] Sign(TrustPolicy policy, DateTimeOffset issuedAt, SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var document = new TrustPolicyDocument(
            TrustPolicyDocument.DocumentType,
            policy.Serial,
            issuedAt,
            [.. policy.RevokedKeys.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new RevokedKeyEntry(p.Key, p.Value))],
            [.. policy.MinimumVersions.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new MinimumVersionEntry(p.Key, p.Value))]);
        if (Problem(document) is { } problem)
        {
            throw new ArgumentException($"the policy cannot be written: {problem}", nameof(policy));
        }

        var payload = JsonSerializer.SerializeToUtf8Bytes(document, TrustPolicyJsonContext.Default.TrustPolicyDocument);
        return AttestationSigner.SignPayload(TrustPolicyDocument.PayloadType, payload, key, []);
    }

    /// <summary>
    /// The policy, when <paramref name="envelopeBytes"/> is a well-formed policy signed by a key of <paramref name="trustedKeys"/>
    /// that is neither revoked by the ring's own policy nor by the object itself; else null and the reason.
    /// </summary>
    public static (TrustPolicy? Policy, string? Problem) Read(ReadOnlySpan<byte> envelopeBytes, TrustedKeyRing trustedKeys)
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        if (envelopeBytes.Length > MaxBytes)
        {
            return (null, $"the policy object is {envelopeBytes.Length} bytes, more than {MaxBytes}");
        }

        TrustPolicyDocument? document;
        string signer;
        try
        {
            var envelope = AttestationVerifier.ParseEnvelope(envelopeBytes);
            if (!string.Equals(envelope.PayloadType, TrustPolicyDocument.PayloadType, StringComparison.Ordinal))
            {
                return (null, $"payloadType is '{envelope.PayloadType}', expected '{TrustPolicyDocument.PayloadType}'");
            }

            var payload = AttestationVerifier.DecodeBase64(envelope.Payload, "payload");
            signer = AttestationVerifier.VerifySignatures(envelope, payload, trustedKeys);
            document = JsonSerializer.Deserialize(payload, TrustPolicyJsonContext.Default.TrustPolicyDocument);
        }
        catch (AttestationVerificationException e)
        {
            return (null, $"{e.ReasonText}: {e.Detail}");
        }
        catch (JsonException e)
        {
            return (null, $"the payload is not a trust policy: {e.Message}");
        }

        if (Problem(document) is { } problem)
        {
            return (null, problem);
        }

        var policy = new TrustPolicy(
            document!.Serial,
            document.RevokedKeys.ToDictionary(e => e.KeyId, e => e.Reason, StringComparer.Ordinal),
            document.MinimumVersions.ToDictionary(e => e.Driver, e => e.Version, StringComparer.Ordinal));
        return policy.IsRevoked(signer)
            ? (null, $"the policy revokes the key {KeyIds.Abbreviate(signer)} that signs it; sign it with another trusted key")
            : (policy, null);
    }

    private static string? Problem(TrustPolicyDocument? document)
    {
        if (document is null || document.Type != TrustPolicyDocument.DocumentType)
        {
            return $"_type must be '{TrustPolicyDocument.DocumentType}'";
        }

        if (document.Serial < 1)
        {
            return "serial must be a positive number";
        }

        if (document.RevokedKeys is null || document.MinimumVersions is null)
        {
            return "revokedKeys and minimumVersions must be lists";
        }

        if (document.RevokedKeys.Count > MaxEntries || document.MinimumVersions.Count > MaxEntries)
        {
            return $"at most {MaxEntries} revoked keys and {MaxEntries} minimum versions";
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < document.RevokedKeys.Count; i++)
        {
            var entry = document.RevokedKeys[i];
            if (entry?.KeyId is null || !Digests.IsSha256Hex(entry.KeyId) || !ids.Add(entry.KeyId))
            {
                return $"revokedKeys[{i}].keyId must be a full lower-case hex key ID, listed once";
            }

            if (entry.Reason is null || entry.Reason.Length > MaxReasonLength || entry.Reason.Any(char.IsControl))
            {
                return $"revokedKeys[{i}].reason must be printable text of at most {MaxReasonLength} characters";
            }
        }

        var drivers = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < document.MinimumVersions.Count; i++)
        {
            var entry = document.MinimumVersions[i];
            if (entry?.Driver is null || DriverNameProblem(entry.Driver) is not null || !drivers.Add(entry.Driver))
            {
                return $"minimumVersions[{i}].driver must be a driver name, listed once";
            }

            if (DriverVersions.Problem(entry.Version) is { } problem)
            {
                return $"minimumVersions[{i}].version: {problem}";
            }
        }

        return null;
    }

    /// <summary>A driver name as a variant accepts it.</summary>
    public static string? DriverNameProblem(string name) =>
        VariantFieldRules.ValidateDriver(new DriverIdentity(name, "0")).FirstOrDefault()?.Problem;
}
