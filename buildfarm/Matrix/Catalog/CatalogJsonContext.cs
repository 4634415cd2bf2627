using System.Text.Json.Serialization;

namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>The catalog document (docs/catalog-format.md): a missing or null required field is refused, unknown fields are skipped.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(KernelCatalog))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext;
