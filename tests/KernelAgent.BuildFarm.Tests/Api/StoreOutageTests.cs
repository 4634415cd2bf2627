using Google.Rpc;
using Grpc.Core;
using KernelAgent.Agent.Tests.TestSupport;
using KernelAgent.BuildFarm.Tests.Builds;
using KernelAgent.BuildFarm.Tests.Hosting;
using KernelAgent.Protocol.V1;

namespace KernelAgent.BuildFarm.Tests.Api;

/// <summary>
/// A farm whose store cannot be reached (an S3 endpoint on a loopback port nobody listens on) answers Resolve and
/// Build with UNAVAILABLE naming the store and a retry hint, never UNKNOWN, and queues nothing.
/// </summary>
public sealed class StoreOutageTests : IAsyncLifetime
{
    private InProcessFarm? _farm;

    private InProcessFarm Farm => _farm ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync() =>
        _farm = await FakeBuilderFarm.StartAsync(new Dictionary<string, string?>
        {
            ["Farm:StoreUrl"] = "s3://fleet-modules/v",
            ["Farm:S3:ServiceUrl"] = $"http://127.0.0.1:{LoopbackPorts.Free()}",
            ["Farm:S3:ForcePathStyle"] = "true",
            ["Farm:S3:AccessKey"] = "test",
            ["Farm:S3:SecretKey"] = "test",
            ["Farm:S3:MaxErrorRetry"] = "0",
            ["Farm:S3:ConnectTimeout"] = "00:00:02",
        });

    public async ValueTask DisposeAsync()
    {
        if (_farm is not null)
        {
            await _farm.DisposeAsync();
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Build_StoreUnreachable_IsUnavailableWithRetryInfoAndQueuesNothing()
    {
        var token = TestContext.Current.CancellationToken;

        var stream = await BuildStreams.ReadAllAsync(Farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);

        Assert.Empty(stream.Events);
        Assert.Equal(StatusCode.Unavailable, stream.Error?.StatusCode);
        Assert.StartsWith("the farm's store failed:", stream.Error!.Status.Detail, StringComparison.Ordinal);
        Assert.True(RpcDetails.Unpack<RetryInfo>(stream.Error).RetryDelay.ToTimeSpan() > TimeSpan.Zero);
        Assert.Equal(0, Farm.Service<FakeModuleBuilder>().Builds);
        Assert.Empty((await Farm.Client.ListBuildsAsync(new ListBuildsRequest(), cancellationToken: token)).Builds);
    }

    [Fact(Timeout = 60_000)]
    public async Task Resolve_StoreUnreachable_IsUnavailableWithRetryInfo()
    {
        var token = TestContext.Current.CancellationToken;
        var build = TestVariants.Build();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            Farm.Client.ResolveAsync(new ResolveRequest { Variant = build.Variant, Driver = build.Driver }, cancellationToken: token).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.StartsWith("the farm's store failed:", error.Status.Detail, StringComparison.Ordinal);
        Assert.True(RpcDetails.Unpack<RetryInfo>(error).RetryDelay.ToTimeSpan() > TimeSpan.Zero);
    }
}
