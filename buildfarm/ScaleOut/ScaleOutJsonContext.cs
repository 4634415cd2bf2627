using System.Text.Json.Serialization;

namespace KernelAgent.BuildFarm.ScaleOut;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BuildJobMessage))]
[JsonSerializable(typeof(BuildClaim))]
internal sealed partial class ScaleOutJsonContext : JsonSerializerContext;
