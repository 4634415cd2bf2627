using KernelAgent.Agent.Tests.TestSupport;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Backends.S3;
using KernelAgent.Store.Tests.Backends.Http;

namespace KernelAgent.Store.Tests.Backends.S3;

/// <summary>Endpoints that refuse or never answer, against in-process sockets on 127.0.0.1 (no radosgw needed).</summary>
public sealed class S3ArtifactStoreTransportTests
{
    private static S3StoreOptions OptionsFor(Uri endpoint, TimeSpan requestTimeout) => new()
    {
        ServiceUrl = endpoint,
        ForcePathStyle = true,
        AccessKey = "KATESTACCESSKEY00001",
        SecretKey = "secret",
        ConnectTimeout = TimeSpan.FromSeconds(1),
        RequestTimeout = requestTimeout,
        MaxErrorRetry = 1,
        OperationTimeout = TimeSpan.FromSeconds(20),
    };

    [Fact]
    public async Task ReadAsync_ClosedPort_ThrowsUnreachableQuickly()
    {
        var endpoint = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}");
        using var store = S3ArtifactStore.Create(new Uri("s3://kernel-modules/p"), OptionsFor(endpoint, TimeSpan.FromSeconds(5)));

        await UnreachableAssert.FailsWithinAsync(() => store.ReadAsync("v1/a.ko", TestContext.Current.CancellationToken),
            TimeSpan.FromSeconds(5), "ConnectionRefused");
    }

    [Fact]
    public async Task WriteAsync_ServerNeverAnswers_ThrowsUnreachableAfterRequestTimeouts()
    {
        using var silent = new SilentServer();
        var endpoint = new Uri($"http://127.0.0.1:{silent.Port}");
        using var store = S3ArtifactStore.Create(new Uri("s3://kernel-modules/p"), OptionsFor(endpoint, TimeSpan.FromMilliseconds(500)));

        await UnreachableAssert.FailsWithinAsync(
            () => store.WriteAsync("v1/a.ko", new byte[] { 1 }, WriteMode.CreateNew, TestContext.Current.CancellationToken),
            TimeSpan.FromSeconds(5), "no answer in time");
    }

    [Fact]
    public async Task ReadAsync_OperationTimeoutShorterThanRequests_ThrowsUnreachableWhenItExpires()
    {
        using var silent = new SilentServer();
        var options = OptionsFor(new Uri($"http://127.0.0.1:{silent.Port}"), TimeSpan.FromSeconds(30));
        options.OperationTimeout = TimeSpan.FromMilliseconds(400);
        using var store = S3ArtifactStore.Create(new Uri("s3://kernel-modules/p"), options);

        await UnreachableAssert.FailsWithinAsync(() => store.ReadAsync("v1/a.ko", TestContext.Current.CancellationToken),
            TimeSpan.FromSeconds(5), "operation timeout 0.4 s");
    }

    [Fact]
    public async Task ReadAsync_CallerCancels_ThrowsOperationCanceled()
    {
        using var silent = new SilentServer();
        using var store = S3ArtifactStore.Create(new Uri("s3://kernel-modules/p"),
            OptionsFor(new Uri($"http://127.0.0.1:{silent.Port}"), TimeSpan.FromSeconds(30)));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.ReadAsync("v1/a.ko", cancel.Token));
    }
}
