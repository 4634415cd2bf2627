using System.Text.Json.Serialization;

namespace KernelAgent.BuildFarm.Matrix.Scheduling;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PrebuildStatus))]
internal sealed partial class PrebuildStatusJsonContext : JsonSerializerContext;
