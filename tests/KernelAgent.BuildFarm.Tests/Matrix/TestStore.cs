using KernelAgent.Store.Backends;

namespace KernelAgent.BuildFarm.Tests.Matrix;

/// <summary>A directory store in a temp folder, removed afterwards: the same conditional create as S3.</summary>
internal sealed class TestStore : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("ka-matrix-store-");

    public TestStore()
    {
        Store = ArtifactStoreFactory.Create(new Uri(_folder.FullName + "/").AbsoluteUri);
    }

    public IArtifactStore Store { get; }

    public string Folder => _folder.FullName;

    public async Task<List<string>> KeysAsync(string prefix)
    {
        var keys = new List<string>();
        await foreach (var key in Store.ListAsync(prefix, CancellationToken.None))
        {
            keys.Add(key);
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    public void Dispose()
    {
        Store.Dispose();
        _folder.Delete(recursive: true);
    }
}
