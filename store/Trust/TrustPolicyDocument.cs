using System.Text.Json.Serialization;

namespace KernelAgent.Store.Trust;

/// <summary>The signed payload of the store's trust policy object (docs/store-layout.md, "Trust policy").</summary>
public sealed record TrustPolicyDocument(
    [property: JsonPropertyName("_type")] string Type,
    [property: JsonPropertyName("serial")] long Serial,
    [property: JsonPropertyName("issuedAt")] DateTimeOffset IssuedAt,
    [property: JsonPropertyName("revokedKeys")] IReadOnlyList<RevokedKeyEntry> RevokedKeys,
    [property: JsonPropertyName("minimumVersions")] IReadOnlyList<MinimumVersionEntry> MinimumVersions)
{
    public const string DocumentType = "urn:kernelagent:trust-policy:v1";

    /// <summary>The DSSE payloadType: never an in-toto statement, so a policy can never pass for an attestation or back.</summary>
    public const string PayloadType = "application/vnd.kernelagent.trust-policy+json";
}

/// <summary>One revoked key: its full key ID and why.</summary>
public sealed record RevokedKeyEntry(
    [property: JsonPropertyName("keyId")] string KeyId,
    [property: JsonPropertyName("reason")] string Reason);

/// <summary>One driver's floor.</summary>
public sealed record MinimumVersionEntry(
    [property: JsonPropertyName("driver")] string Driver,
    [property: JsonPropertyName("version")] string Version);
