using System.Text.Json.Serialization;

namespace KernelAgent.Store.Trust;

/// <summary>Source-generated JSON for the trust policy: no reflection, so the NativeAOT agent reads it.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(TrustPolicyDocument))]
internal sealed partial class TrustPolicyJsonContext : JsonSerializerContext;
