using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Service;

/// <summary>The last pass's result in <c>&lt;state&gt;/last-pass.json</c> (temp + rename), read by <c>kernel-agent status</c>.</summary>
internal sealed class PassRecordStore(IOptions<AgentOptions> options)
{
    public const string FileName = "last-pass.json";

    public string Path => System.IO.Path.Join(options.Value.StateDirectory, FileName);

    public void Write(PassResult result)
    {
        try
        {
            Directory.CreateDirectory(options.Value.StateDirectory);
            var temp = Path + ".tmp-" + Environment.ProcessId;
            File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(result, PassRecordJsonContext.Default.PassResult));
            File.Move(temp, Path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The record is informational; a read-only state folder must not turn a loaded module into a failure.
        }
    }

    public PassResult? Read()
    {
        try
        {
            return File.Exists(Path) ? JsonSerializer.Deserialize(File.ReadAllBytes(Path), PassRecordJsonContext.Default.PassResult) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(PassResult))]
internal sealed partial class PassRecordJsonContext : JsonSerializerContext;
