using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KernelAgent.Agent.Identity;

/// <summary>Source-generated JSON for the identity report (NativeAOT: no reflection).</summary>
[JsonSerializable(typeof(IdentityReport))]
internal sealed partial class IdentityJsonContext : JsonSerializerContext
{
    /// <summary>
    /// snake_case names, indented, nulls left out. Kernel releases and build strings hold '+'; the default
    /// encoder would write it as \u002B. This output is never embedded in HTML, so JSON's own escapes suffice.
    /// </summary>
    public static IdentityJsonContext Readable { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
