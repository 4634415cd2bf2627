using System.Text.Json.Serialization;

namespace KernelAgent.Store.Attestations;

/// <summary>A DSSE envelope as JSON (secure-systems-lab/dsse, envelope.md); payload and sig are base64.</summary>
public sealed record DsseEnvelope(
    [property: JsonPropertyName("payloadType")] string PayloadType,
    [property: JsonPropertyName("payload")] string Payload,
    [property: JsonPropertyName("signatures")] IReadOnlyList<DsseSignature> Signatures)
{
    /// <summary>The payload type of an in-toto Statement (in-toto attestation spec, envelope.md).</summary>
    public const string InTotoPayloadType = "application/vnd.in-toto+json";
}

/// <summary>One signature of an envelope: the signing key's ID (a hint, not trusted) and the base64 signature.</summary>
public sealed record DsseSignature(
    [property: JsonPropertyName("keyid")] string? KeyId,
    [property: JsonPropertyName("sig")] string Sig);
