namespace KernelAgent.BuildFarm.Tests.Headers;

/// <summary>A temp folder removed when the test ends.</summary>
internal sealed class ScratchDirectory(string purpose) : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory($"kernelagent-{purpose}-");

    public string Path => _directory.FullName;

    public void Dispose()
    {
        if (_directory.Exists)
        {
            _directory.Delete(recursive: true);
        }
    }
}
