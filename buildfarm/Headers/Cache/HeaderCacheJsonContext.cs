using System.Text.Json.Serialization;

namespace KernelAgent.BuildFarm.Headers.Cache;

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, Converters = [typeof(AbsoluteUriJsonConverter)])]
[JsonSerializable(typeof(HeaderPackageSet))]
internal sealed partial class HeaderCacheJsonContext : JsonSerializerContext;
