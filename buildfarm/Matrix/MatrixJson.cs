using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace KernelAgent.BuildFarm.Matrix;

/// <summary>Reading and writing the pipeline's JSON documents through their source-generated contracts.</summary>
internal static class MatrixJson
{
    /// <summary>
    /// Only what JSON requires is escaped: these are files for people and tools, never embedded in HTML, and
    /// "6.12.117+deb12" should read as such rather than as "6.12.117\u002Bdeb12".
    /// </summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>The context's options with the relaxed <see cref="Encoder"/>.</summary>
    public static JsonSerializerOptions Options(JsonSerializerOptions generated) => new(generated) { Encoder = Encoder };

    /// <param name="stream">The document.</param>
    /// <param name="contract">Its source-generated contract.</param>
    /// <param name="documentName">The file or store object, for messages.</param>
    /// <param name="expected">What it should be, for messages: "kernelagent-catalog/v1 catalog".</param>
    /// <exception cref="MatrixDocumentException">The stream is not JSON of that shape, or is cut short.</exception>
    public static T Read<T>(Stream stream, JsonTypeInfo<T> contract, string documentName, string expected)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(stream, contract) ?? throw new MatrixDocumentException($"{documentName}: is null, not a {expected}");
        }
        catch (JsonException e)
        {
            // Line and byte are counted from zero; people count from one.
            throw new MatrixDocumentException($"{documentName} at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: not a {expected} ({e.Message})", e);
        }
        catch (InvalidDataException e)
        {
            throw new MatrixDocumentException($"{documentName}: not a {expected}: not gzip data ({e.Message})", e);
        }
    }
}
