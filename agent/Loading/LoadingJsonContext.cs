using System.Text.Json.Serialization;

namespace KernelAgent.Agent.Loading;

/// <summary>Source-generated JSON for installation records: no reflection, so the NativeAOT agent can use it.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(InstalledModuleRecord))]
internal sealed partial class LoadingJsonContext : JsonSerializerContext;
