namespace KernelAgent.EndToEnd.Tests.Support;

/// <summary>A new folder under the system temp folder, deleted on dispose unless KA_E2E_KEEP=1 asks to keep it for inspection.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory(string prefix)
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    public static bool Keep => Environment.GetEnvironmentVariable("KA_E2E_KEEP") == "1";

    public string Combine(params string[] parts) => System.IO.Path.Join([Path, .. parts]);

    public string CreateFolder(params string[] parts) => Directory.CreateDirectory(Combine(parts)).FullName;

    public void Dispose()
    {
        if (!Keep && Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
