using KernelAgent.Agent.Tests.TestSupport;
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

        await UnreachableAssert.FailsWithinAsync(() => store.ReadAsync("v1/a.ko", TestContext.Current.CancellationToken),
            TimeSpan.FromSeconds(2), "ConnectionRefused");
    }

    [Fact]
    public async Task ReadAsync_ServerNeverAnswers_ThrowsUnreachableAfterRequestTimeout()
    {
        using var silent = new SilentServer();
        using var store = HttpMirrorArtifactStore.Create(silent.Url, new HttpMirrorStoreOptions { RequestTimeout = TimeSpan.FromMilliseconds(500) });

        var error = await UnreachableAssert.FailsWithinAsync(() => store.ReadAsync("v1/a.ko", TestContext.Current.CancellationToken),
            TimeSpan.FromSeconds(3), "no answer in time");

        Assert.Contains("request timeout 0.5 s", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExistsAsync_ServerNeverAnswers_ThrowsUnreachable()
    {
        using var silent = new SilentServer();
        using var store = HttpMirrorArtifactStore.Create(silent.Url, new HttpMirrorStoreOptions { RequestTimeout = TimeSpan.FromMilliseconds(300) });

        await UnreachableAssert.FailsWithinAsync(() => store.ExistsAsync("v1/a.ko", TestContext.Current.CancellationToken),
            TimeSpan.FromSeconds(3), "no answer in time");
    }
}
