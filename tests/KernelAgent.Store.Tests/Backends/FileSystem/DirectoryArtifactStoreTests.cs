using KernelAgent.Store.Backends;
using KernelAgent.Store.Tests.TestSupport;

namespace KernelAgent.Store.Tests.Backends.FileSystem;

public sealed class DirectoryArtifactStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly IArtifactStore _store;

    public DirectoryArtifactStoreTests()
    {
        _store = ArtifactStoreFactory.Create("file://" + _dir.Path);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task WriteAsync_ThenReadAsync_ReturnsSameBytes()
    {
        await _store.WriteAsync("v1/a/b.bin", "hello"u8.ToArray(), WriteMode.Overwrite, TestContext.Current.CancellationToken);

        Assert.Equal("hello"u8.ToArray(), await _store.ReadAsync("v1/a/b.bin", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ReadAsync_Missing_IsNotFoundNamingKeyAndStore()
    {
        var e = await Assert.ThrowsAsync<StoreException>(() => _store.ReadAsync("v1/missing.bin", TestContext.Current.CancellationToken));

        Assert.Equal(StoreErrorKind.NotFound, e.Kind);
        Assert.Contains("v1/missing.bin", e.Message, StringComparison.Ordinal);
        Assert.Contains(_dir.Path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_CreateNewOnExistingKey_IsConflictAndKeepsFirstContent()
    {
        await _store.WriteAsync("v1/att.json", "first"u8.ToArray(), WriteMode.CreateNew, TestContext.Current.CancellationToken);

        var e = await Assert.ThrowsAsync<StoreException>(() =>
            _store.WriteAsync("v1/att.json", "second"u8.ToArray(), WriteMode.CreateNew, TestContext.Current.CancellationToken));

        Assert.Equal(StoreErrorKind.Conflict, e.Kind);
        Assert.Equal("first"u8.ToArray(), await _store.ReadAsync("v1/att.json", TestContext.Current.CancellationToken));
        Assert.Equal(["v1/att.json"], await ToListAsync(_store.ListAsync("v1/", TestContext.Current.CancellationToken)));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("/etc/passwd")]
    [InlineData("v1/../../x")]
    public async Task WriteAsync_KeyEscapingRoot_IsInvalidKey(string key)
    {
        var e = await Assert.ThrowsAsync<StoreException>(() =>
            _store.WriteAsync(key, "x"u8.ToArray(), WriteMode.Overwrite, TestContext.Current.CancellationToken));

        Assert.Equal(StoreErrorKind.InvalidKey, e.Kind);
        Assert.False(File.Exists(Path.Join(Path.GetDirectoryName(_dir.Path), "outside")));
    }

    /// <summary>
    /// Two writers race for one attestation key many times over: each round exactly one wins, and a reader
    /// polling the key throughout only ever sees nothing or one whole object.
    /// </summary>
    [Fact]
    public async Task WriteAsync_TwoConcurrentCreateNew_ExactlyOneWinsAndNoPartialIsVisible()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = Enumerable.Repeat((byte)'A', 512 * 1024).ToArray();
        var second = Enumerable.Repeat((byte)'B', 512 * 1024).ToArray();
        for (var round = 0; round < 20; round++)
        {
            var key = $"v1/race/{round}/attestation.dsse.json";
            using var stop = new CancellationTokenSource();
            var reader = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        var seen = await _store.ReadAsync(key, ct);
                        Assert.True(seen.SequenceEqual(first) || seen.SequenceEqual(second), "a reader saw a partial object");
                    }
                    catch (StoreException e) when (e.Kind == StoreErrorKind.NotFound)
                    {
                    }
                }
            }, ct);

            var writers = new[] { first, second }.Select(content => Task.Run(async () =>
            {
                try
                {
                    await _store.WriteAsync(key, content, WriteMode.CreateNew, ct);
                    return true;
                }
                catch (StoreException e) when (e.Kind == StoreErrorKind.Conflict)
                {
                    return false;
                }
            }, ct)).ToArray();
            var won = await Task.WhenAll(writers);
            await stop.CancelAsync();
            await reader;

            Assert.Equal(1, won.Count(w => w));
            Assert.Equal(won[0] ? first : second, await _store.ReadAsync(key, ct));
        }

        Assert.Empty(Directory.EnumerateFiles(_dir.Path, ".tmp-*", SearchOption.AllDirectories));
    }

    private static async Task<List<string>> ToListAsync(IAsyncEnumerable<string> items)
    {
        var list = new List<string>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
