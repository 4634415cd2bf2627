using KernelAgent.Store.Backends;
using KernelAgent.Store.Tests.TestSupport;

namespace KernelAgent.Store.Tests.Backends.FileSystem;

/// <summary>
/// A directory store's object versions (IArtifactStore.VersionAsync): the same while nothing touches the object, another
/// after any write, in-place change or replacement by a link, and NotFound for a missing object.
/// </summary>
public sealed class DirectoryStoreVersionTests : IDisposable
{
    private const string Key = "v1/a/module.ko";
    private readonly TempDirectory _dir = new();
    private readonly IArtifactStore _store;

    public DirectoryStoreVersionTests()
    {
        _store = ArtifactStoreFactory.Create("file://" + _dir.Path);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task VersionAsync_Untouched_IsTheSame()
    {
        var token = TestContext.Current.CancellationToken;
        await _store.WriteAsync(Key, "module"u8.ToArray(), WriteMode.CreateNew, token);

        var first = await _store.VersionAsync(Key, token);
        await _store.ReadAsync(Key, token);

        Assert.NotNull(first);
        Assert.Equal(first, await _store.VersionAsync(Key, token));
    }

    [Fact]
    public async Task VersionAsync_OverwrittenWithTheSameBytes_Changes()
    {
        var token = TestContext.Current.CancellationToken;
        await _store.WriteAsync(Key, "module"u8.ToArray(), WriteMode.CreateNew, token);
        var first = await _store.VersionAsync(Key, token);

        await _store.WriteAsync(Key, "module"u8.ToArray(), WriteMode.Overwrite, token);

        Assert.NotEqual(first, await _store.VersionAsync(Key, token));
    }

    [Fact]
    public async Task VersionAsync_AlteredInPlaceWithTheSameSizeAndTime_Changes()
    {
        var token = TestContext.Current.CancellationToken;
        await _store.WriteAsync(Key, "module"u8.ToArray(), WriteMode.CreateNew, token);
        var path = Path.Join(_dir.Path, Key);
        var modified = File.GetLastWriteTimeUtc(path);
        var first = await _store.VersionAsync(Key, token);

        await File.WriteAllBytesAsync(path, "MODULE"u8.ToArray(), token);
        File.SetLastWriteTimeUtc(path, modified);

        Assert.NotEqual(first, await _store.VersionAsync(Key, token));
    }

    [Fact]
    public async Task VersionAsync_ReplacedByALinkToIt_Changes()
    {
        var token = TestContext.Current.CancellationToken;
        await _store.WriteAsync(Key, "module"u8.ToArray(), WriteMode.CreateNew, token);
        var path = Path.Join(_dir.Path, Key);
        var first = await _store.VersionAsync(Key, token);
        var moved = Path.Join(_dir.Path, "elsewhere.ko");
        File.Move(path, moved);

        File.CreateSymbolicLink(path, moved);

        Assert.NotEqual(first, await _store.VersionAsync(Key, token));
    }

    [Fact]
    public async Task VersionAsync_Missing_IsNotFound()
    {
        var e = await Assert.ThrowsAsync<StoreException>(async () => await _store.VersionAsync("v1/missing.ko", TestContext.Current.CancellationToken));

        Assert.Equal(StoreErrorKind.NotFound, e.Kind);
    }
}
