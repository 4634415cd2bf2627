using System.Text.Json.Serialization;

namespace KernelAgent.BuildFarm.Matrix.Snapshots;

/// <summary>The gzip JSON snapshot (docs/catalog-format.md, "Snapshot"): a missing or null required field is refused.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(SnapshotDocument))]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;
