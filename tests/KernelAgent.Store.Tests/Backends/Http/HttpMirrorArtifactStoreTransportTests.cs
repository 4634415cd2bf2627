using System.Diagnostics;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Backends.Http;

namespace KernelAgent.Store.Tests.Backends.Http;

/// <summary>Timeouts and refused connections, against in-process sockets on 127.0.0.1 (no server needed).</summary>
public sealed class HttpMirrorArtifactStoreTransportTests
{
    private static readonly HttpMirrorStoreOptions Quick = new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(2),
        RequestTimeout = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task ReadAsync_ClosedPort_ThrowsUnreachableQuickly()
    {
        using var store = HttpMirrorArtifactStore.Create(new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/mirror/"), Quick);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<StoreException>(() => store.ReadAsync("v1/a.ko", TestContext.Current.CancellationToken));

        Assert.Equal(StoreErrorKind.Unreachable, error.Kind);
        Assert.Contains("ConnectionRefused", error.Detail, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task ReadAsync_ServerNeverAnswers_ThrowsUnreachableAfterRequestTimeout()
    {
        using var silent = new SilentServer();
        using var store = HttpMirrorArtifactStore.Create(silent.Url, new HttpMirrorStoreOptions { RequestTimeout = TimeSpan.FromMilliseconds(500) });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<StoreException>(() => store.ReadAsync("v1/a.ko", TestContext.Current.CancellationToken));

        Assert.Equal(StoreErrorKind.Unreachable, error.Kind);
        Assert.Contains("no answer in time", error.Detail, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task ExistsAsync_ServerNeverAnswers_ThrowsUnreachable()
    {
        using var silent = new SilentServer();
        using var store = HttpMirrorArtifactStore.Create(silent.Url, new HttpMirrorStoreOptions { RequestTimeout = TimeSpan.FromMilliseconds(300) });

        var error = await Assert.ThrowsAsync<StoreException>(() => store.ExistsAsync("v1/a.ko", TestContext.Current.CancellationToken));

        Assert.Equal(StoreErrorKind.Unreachable, error.Kind);
    }
}
