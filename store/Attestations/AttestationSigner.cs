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
        var signature = key.Sign(DssePae.Encode(DsseEnvelope.InTotoPayloadType, payload));
        var envelope = new DsseEnvelope(
            DsseEnvelope.InTotoPayloadType,
            Convert.ToBase64String(payload),
            [new DsseSignature(key.KeyId, Convert.ToBase64String(signature))]);
        return JsonSerializer.SerializeToUtf8Bytes(envelope, AttestationJsonContext.Default.DsseEnvelope);
    }
}
