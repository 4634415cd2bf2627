using System.Text.Json;
using System.Text.Json.Serialization;

namespace KernelAgent.BuildFarm.Headers.Cache;

/// <summary>
/// Writes a package location as its absolute URI: the default writes the text the Uri was made from, which for a
/// file:// repository configured as a plain path reads back as a different Uri than the one recorded.
/// </summary>
internal sealed class AbsoluteUriJsonConverter : JsonConverter<Uri>
{
    public override Uri? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetString() is { } text
            ? Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : throw new JsonException($"'{text}' is not an absolute URI")
            : null;

    public override void Write(Utf8JsonWriter writer, Uri value, JsonSerializerOptions options) => writer.WriteStringValue(value.AbsoluteUri);
}
