namespace KernelAgent.Store.Attestations.Keys;

/// <summary>A key file could not be read, parsed or written; names the file.</summary>
public sealed class KeyFileException(string path, string problem, Exception? inner = null)
    : Exception($"key file '{path}': {problem}", inner)
{
    public string Path { get; } = path;
}
