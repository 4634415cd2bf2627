namespace KernelAgent.Agent.Resolution;

/// <summary>A value read from a file, read again when the file's modification time or size changes.</summary>
internal sealed class ReloadingFile<T>(string path, Func<string, T> load)
    where T : class
{
    private readonly Lock _gate = new();
    private (DateTime Modified, long Length) _stamp;
    private T? _value;

    /// <exception cref="IOException">The file cannot be read (the call fails; the next one tries again).</exception>
    public T Current()
    {
        var file = new FileInfo(path);
        var stamp = (file.LastWriteTimeUtc, file.Exists ? file.Length : -1);
        lock (_gate)
        {
            if (_value is null || stamp != _stamp)
            {
                _value = load(path);
                _stamp = stamp;
            }

            return _value;
        }
    }
}
