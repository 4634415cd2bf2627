using KernelAgent.Store.Backends;
using KernelAgent.Store.Tests.TestSupport;

namespace KernelAgent.Store.Tests.Backends.FileSystem;

/// <summary>A directory store reads regular files only, and never through a symbolic link below its root.</summary>
public sealed class DirectoryArtifactStoreLinkTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _storeRoot;
    private readonly IArtifactStore _store;

    public DirectoryArtifactStoreLinkTests()
    {
        _storeRoot = Path.Join(_dir.Path, "store");
        Directory.CreateDirectory(Path.Join(_storeRoot, "v1", "real"));
        File.WriteAllText(Path.Join(_storeRoot, "v1", "real", "object"), "published");
        Directory.CreateDirectory(Path.Join(_dir.Path, "keys"));
        File.WriteAllText(Path.Join(_dir.Path, "keys", "signing-key.pem"), "-----BEGIN PRIVATE KEY-----");
        _store = ArtifactStoreFactory.Create("file://" + _storeRoot);
    }

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("v1/real/key.pem", "../../keys/signing-key.pem")]
    [InlineData("v1/real/passwd", "/etc/passwd")]
    [InlineData("v1/real/same", "object")]
    public async Task ReadAsync_KeyIsASymbolicLink_IsNotFound(string key, string target)
    {
        File.CreateSymbolicLink(Path.Join(_storeRoot, key), target);

        var e = await Assert.ThrowsAsync<StoreException>(() => _store.ReadAsync(key, TestContext.Current.CancellationToken));

        Assert.Equal(StoreErrorKind.NotFound, e.Kind);
        Assert.False(await _store.ExistsAsync(key, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ReadAsync_FolderOnThePathIsASymbolicLink_IsNotFound()
    {
        Directory.CreateSymbolicLink(Path.Join(_storeRoot, "v1", "linked"), Path.Join(_storeRoot, "v1", "real"));
        Directory.CreateSymbolicLink(Path.Join(_storeRoot, "v1", "keys"), Path.Join(_dir.Path, "keys"));

        var viaSibling = await Assert.ThrowsAsync<StoreException>(() => _store.ReadAsync("v1/linked/object", TestContext.Current.CancellationToken));
        var viaKeys = await Assert.ThrowsAsync<StoreException>(() => _store.ReadAsync("v1/keys/signing-key.pem", TestContext.Current.CancellationToken));

        Assert.Equal(StoreErrorKind.NotFound, viaSibling.Kind);
        Assert.Equal(StoreErrorKind.NotFound, viaKeys.Kind);
    }

    [Fact]
    public async Task ReadAsync_RootReachedThroughALink_ReadsNormally()
    {
        var linkedRoot = Path.Join(_dir.Path, "store-link");
        Directory.CreateSymbolicLink(linkedRoot, _storeRoot);
        using var store = ArtifactStoreFactory.Create("file://" + linkedRoot);

        Assert.Equal("published"u8.ToArray(), await store.ReadAsync("v1/real/object", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ReadAsync_KeyIsADirectory_IsNotFound()
    {
        var e = await Assert.ThrowsAsync<StoreException>(() => _store.ReadAsync("v1/real", TestContext.Current.CancellationToken));

        Assert.Equal(StoreErrorKind.NotFound, e.Kind);
    }

    [Fact(Timeout = 10_000)]
    public async Task ReadAsync_KeyIsAFifo_IsNotFoundWithoutBlocking()
    {
        var fifo = Path.Join(_storeRoot, "v1", "real", "fifo");
        var made = System.Diagnostics.Process.Start("mkfifo", [fifo]);
        await made.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, made.ExitCode);

        var e = await Assert.ThrowsAsync<StoreException>(() => _store.ReadAsync("v1/real/fifo", TestContext.Current.CancellationToken));

        Assert.Equal(StoreErrorKind.NotFound, e.Kind);
    }

    [Fact]
    public async Task ReadAsync_SegmentLongerThanTheFileSystemAllows_IsNotFound()
    {
        var e = await Assert.ThrowsAsync<StoreException>(() => _store.ReadAsync("v1/" + new string('a', 400) + "/x", TestContext.Current.CancellationToken));

        Assert.Equal(StoreErrorKind.NotFound, e.Kind);
    }
}
