using System.Text.Json.Serialization;

namespace KernelAgent.BuildFarm.Demand;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(DemandDocument))]
internal sealed partial class DemandJsonContext : JsonSerializerContext;
