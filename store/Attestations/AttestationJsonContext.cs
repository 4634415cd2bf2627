using System.Text.Json.Serialization;

namespace KernelAgent.Store.Attestations;

/// <summary>Source-generated JSON for attestations: no reflection, so the NativeAOT agent can read them.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(DsseEnvelope))]
[JsonSerializable(typeof(InTotoStatement))]
internal sealed partial class AttestationJsonContext : JsonSerializerContext;
