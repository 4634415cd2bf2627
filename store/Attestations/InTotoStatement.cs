using System.Text.Json.Serialization;

namespace KernelAgent.Store.Attestations;

/// <summary>An in-toto Statement v1 whose predicate is SLSA provenance v1 (in-toto/attestation, statement.md).</summary>
public sealed record InTotoStatement(
    [property: JsonPropertyName("_type")] string Type,
    [property: JsonPropertyName("subject")] IReadOnlyList<ResourceDescriptor> Subject,
    [property: JsonPropertyName("predicateType")] string PredicateType,
    [property: JsonPropertyName("predicate")] SlsaProvenance Predicate)
{
    public const string StatementType = "https://in-toto.io/Statement/v1";
    public const string SlsaProvenanceType = "https://slsa.dev/provenance/v1";
}

/// <summary>
/// An in-toto ResourceDescriptor: a name, digests by algorithm, optionally where it came from, and annotations
/// (a module's name and install location, docs/store-layout.md).
/// </summary>
public sealed record ResourceDescriptor(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("digest")] IReadOnlyDictionary<string, string> Digest,
    [property: JsonPropertyName("uri")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Uri = null,
    [property: JsonPropertyName("annotations")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyDictionary<string, string>? Annotations = null);
