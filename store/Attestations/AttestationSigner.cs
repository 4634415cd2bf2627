using System.Text.Json;
using KernelAgent.Store.Attestations.Keys;

namespace KernelAgent.Store.Attestations;

/// <summary>Wraps an in-toto Statement in a DSSE envelope signed with the farm's Ed25519 key.</summary>
public static class AttestationSigner
{
    /// <summary>The serialized envelope bytes, ready to publish.</summary>
    public static byte[] Sign(InTotoStatement statement, SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(key);
        var payload = JsonSerializer.SerializeToUtf8Bytes(statement, AttestationJsonContext.Default.InTotoStatement);
        return SignPayload(DsseEnvelope.InTotoPayloadType, payload, key, []);
    }

    /// <summary>
    /// An envelope over <paramref name="payload"/> signed by <paramref name="key"/> first, then carrying
    /// <paramref name="keptSignatures"/> (re-signing keeps the signatures agents that lack the new key still check).
    /// </summary>
    public static byte[] SignPayload(string payloadType, byte[] payload, SigningKey key, IReadOnlyList<DsseSignature> keptSignatures)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(keptSignatures);
        var signature = key.Sign(DssePae.Encode(payloadType, payload));
        var envelope = new DsseEnvelope(
            payloadType,
            Convert.ToBase64String(payload),
            [new DsseSignature(key.KeyId, Convert.ToBase64String(signature)), .. keptSignatures]);
        return JsonSerializer.SerializeToUtf8Bytes(envelope, AttestationJsonContext.Default.DsseEnvelope);
    }

    /// <summary>
    /// Re-signs an envelope with <paramref name="key"/>, keeping its payload byte for byte and the signatures of every key
    /// not in <paramref name="dropKeyIds"/> (nor <paramref name="key"/> itself, whose fresh signature comes first).
    /// </summary>
    /// <exception cref="AttestationVerificationException">The bytes are not a well-formed envelope.</exception>
    public static byte[] Resign(ReadOnlySpan<byte> envelopeBytes, SigningKey key, IReadOnlySet<string> dropKeyIds)
    {
        ArgumentNullException.ThrowIfNull(key);
        var envelope = AttestationVerifier.ParseEnvelope(envelopeBytes);
        ArgumentNullException.ThrowIfNull(dropKeyIds);
        var kept = envelope.Signatures
            .Where(s => s.KeyId is not { Length: > 0 } id || (id != key.KeyId && !dropKeyIds.Contains(id)))
            .ToList();
        return SignPayload(envelope.PayloadType, Convert.FromBase64String(envelope.Payload), key, kept);
    }
}
