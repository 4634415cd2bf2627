using System.Text.Json;
using KernelAgent.BuildFarm.Headers;

namespace KernelAgent.BuildFarm.Matrix.Scheduling;

/// <summary>Reads and writes the loop's status file; a write is a temp file and a rename, so a killed tick leaves the last whole one.</summary>
internal static class PrebuildStatusFile
{
    public static string PathIn(string stateDirectory) => Path.Join(stateDirectory, "matrix", "prebuild", "status.json");

    /// <summary>The status, or null when there is none yet.</summary>
    /// <exception cref="MatrixDocumentException">The file is not a status document.</exception>
    public static PrebuildStatus? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var status = JsonSerializer.Deserialize(File.ReadAllBytes(path), PrebuildStatusJsonContext.Default.PrebuildStatus);
            return status?.Format == PrebuildStatus.CurrentFormat
                ? status
                : throw new MatrixDocumentException($"{path} is not a {PrebuildStatus.CurrentFormat} document.");
        }
        catch (JsonException e)
        {
            throw new MatrixDocumentException($"{path} is not valid JSON: {e.Message}", e);
        }
    }

    public static void Save(string path, PrebuildStatus status)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        FileWrites.WriteAllTextAtomic(path, JsonSerializer.Serialize(status, PrebuildStatusJsonContext.Default.PrebuildStatus));
    }
}
