using System.Text.Json.Serialization;

namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>Every exact kernel the configured repositories offered at one time (docs/catalog-format.md).</summary>
internal sealed record KernelCatalog(DateTimeOffset CrawledAt, IReadOnlyList<CatalogSource> Sources, IReadOnlyList<CatalogKernel> Kernels)
{
    /// <summary>Value of the document's "format" field; a new meaning gets a new value.</summary>
    public const string CurrentFormat = "kernelagent-catalog/v1";

    [JsonPropertyOrder(-1)]
    [JsonRequired]
    public string Format { get; init; } = CurrentFormat;
}
