using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Roots;

namespace KernelAgent.BuildFarm.Tests.Headers;

/// <summary>A temp folder removed when the test ends (read-only headers roots inside it included).</summary>
internal sealed class ScratchDirectory(string purpose) : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory($"kernelagent-{purpose}-");

    public string Path => _directory.FullName;

    public void Dispose()
    {
        ReadOnlyTree.Delete(_directory.FullName);
    }
}
