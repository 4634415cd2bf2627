using Google.Rpc;
using Grpc.Core;
using KernelAgent.Agent.Logging;
using KernelAgent.Agent.Resolution;
using KernelAgent.Agent.Tests.TestSupport;
using KernelAgent.Protocol.V1;
using Microsoft.AspNetCore.Http;

namespace KernelAgent.Agent.Tests.Resolution;

/// <summary>The farm client against a real gRPC server in this process, with time under the test's control.</summary>
public sealed class FarmClientTests : IAsyncLifetime
{
    private const string Id = "b-7";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly TimerWatchingTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly SynchronizedLogger<FarmClient> _log = new();
    private readonly List<BuildEvent> _progress = [];
    private InProcessFarm _farm = null!;

    public async ValueTask InitializeAsync() => _farm = await InProcessFarm.StartAsync();

    public async ValueTask DisposeAsync() => await _farm.DisposeAsync();

    [Fact]
    public async Task BuildAsync_SuccessStream_ReportsEveryEventAndReturnsTheArtifact()
    {
        _farm.Script.ThenStream(BuildEvents.Queued(Id, 1), BuildEvents.Compiling(Id, 2), BuildEvents.Succeeded(Id, 3));

        var result = await Build(Client());

        Assert.Equal(Id, result.BuildId);
        Assert.Equal(BuildEvents.StoreUrl, result.Artifact.StoreUrl);
        Assert.False(result.AlreadyPublished);
        Assert.Equal([1L, 2L, 3L], _progress.Select(e => e.Sequence));
        Assert.Equal([$"Build {TestModules.DriverName} by host-a"], _farm.Script.Calls);
    }

    [Fact]
    public async Task BuildAsync_BuildFails_ThrowsBuildFailedWithTheFarmsReason()
    {
        _farm.Script.ThenStream(
            BuildEvents.Queued(Id, 1),
            BuildEvents.Failed(Id, 2, FailureReason.HeadersUnavailable, "linux-headers-6.1.0-56-amd64 6.1.192-2 is not in any configured archive"));

        var error = await Assert.ThrowsAsync<ResolutionException>(() => Build(Client()));

        Assert.Equal(ResolutionFailure.BuildFailed, error.Outcome);
        Assert.Equal($"build {Id} failed (HeadersUnavailable): linux-headers-6.1.0-56-amd64 6.1.192-2 is not in any configured archive", error.Message);
        Assert.Single(_farm.Script.Calls);
    }

    [Fact]
    public async Task BuildAsync_UnavailableThenSuccess_RetriesTheBuild()
    {
        _farm.Script
            .ThenFail(new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "farm restarting")))
            .ThenStream(BuildEvents.Queued(Id, 1), BuildEvents.Succeeded(Id, 2));

        var result = await Build(Client(random: () => 0));

        Assert.Equal(Id, result.BuildId);
        Assert.Equal(2, _farm.Script.Calls.Count(c => c.StartsWith("Build ", StringComparison.Ordinal)));
        Assert.Contains("build farm answered Unavailable (attempt 1)", Assert.Single(_log.Events, e => e.Id.Id == AgentEventIds.BuildBackoff).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildAsync_ResourceExhaustedWithRetryInfo_WaitsTheServersDelayBeforeRetrying()
    {
        _farm.Script
            .ThenFail(BuildEvents.WithRetryInfo(Code.ResourceExhausted, "build queue full", TimeSpan.FromSeconds(7)))
            .ThenStream(BuildEvents.Succeeded(Id, 1));

        // Our own jitter would wait no time at all: only the farm's RetryInfo holds the retry back.
        var build = Build(Client(random: () => 0));
        var backoff = await _log.WaitForAsync(AgentEventIds.BuildBackoff, Patience);
        Assert.Contains("retrying in 7.0 s: build queue full", backoff, StringComparison.Ordinal);
        await _time.WaitCreatedAsync(TimeSpan.FromSeconds(7), Patience);

        // The retry waits on that timer: not fired means not retried.
        _time.Advance(TimeSpan.FromSeconds(6.9));
        Assert.Equal(0, _time.Fired(TimeSpan.FromSeconds(7)));
        Assert.Single(_farm.Script.Calls);
        Assert.False(build.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(0.1));
        var result = await build.WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.Equal(Id, result.BuildId);
        Assert.Equal(2, _farm.Script.Calls.Count);
    }

    [Fact]
    public async Task BuildAsync_StreamBreaksMidBuild_ReattachesByIdWithoutRepeatingEvents()
    {
        var bothReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _farm.Script
            .Then(async (stream, context) =>
            {
                await stream.WriteAsync(BuildEvents.Queued(Id, 1));
                await stream.WriteAsync(BuildEvents.Fetching(Id, 2));
                await bothReceived.Task.WaitAsync(Patience);
                context.GetHttpContext().Abort();  // the connection to this replica is gone mid-build
            })
            .ThenStream(  // WatchBuild replays the build's history from the start
                BuildEvents.Queued(Id, 1), BuildEvents.Fetching(Id, 2), BuildEvents.Compiling(Id, 3), BuildEvents.Succeeded(Id, 4));

        var result = await Client(random: () => 0).BuildAsync(
            TestModules.Variant,
            "host-a",
            e =>
            {
                _progress.Add(e);
                if (e.Sequence == 2)
                {
                    bothReceived.TrySetResult();
                }
            },
            TestContext.Current.CancellationToken);

        Assert.Equal(Id, result.BuildId);
        Assert.Equal([$"Build {TestModules.DriverName} by host-a", $"WatchBuild {Id}"], _farm.Script.Calls);
        Assert.Equal([1L, 2L, 3L, 4L], _progress.Select(e => e.Sequence));
        Assert.Single(_log.Events, e => e.Id.Id == AgentEventIds.BuildBackoff);
    }

    [Fact]
    public async Task BuildAsync_StreamEndsBeforeTheBuild_ReattachesAfterABackoff()
    {
        _farm.Script
            .ThenStream(BuildEvents.Queued(Id, 1), BuildEvents.Compiling(Id, 2))
            .ThenStream(BuildEvents.Compiling(Id, 2), BuildEvents.Succeeded(Id, 3));

        var build = Build(Client(random: () => 1));
        Assert.Contains(Id, await _log.WaitForAsync(AgentEventIds.BuildStreamEnded, Patience), StringComparison.Ordinal);
        await _time.WaitCreatedAsync(TimeSpan.FromSeconds(1), Patience);
        Assert.Equal(0, _time.Fired(TimeSpan.FromSeconds(1)));
        Assert.Single(_farm.Script.Calls);

        _time.Advance(TimeSpan.FromSeconds(1));
        var result = await build.WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.Equal(Id, result.BuildId);
        Assert.Equal($"WatchBuild {Id}", _farm.Script.Calls[^1]);
        Assert.Equal([1L, 2L, 3L], _progress.Select(e => e.Sequence));
    }

    [Fact]
    public async Task BuildAsync_FarmForgotTheBuild_AsksForItAgain()
    {
        _farm.Script
            .ThenStream(BuildEvents.Queued(Id, 1))
            .ThenFail(new RpcException(new Grpc.Core.Status(StatusCode.NotFound, $"no build {Id}")))
            .ThenStream(BuildEvents.Queued("b-8", 1), BuildEvents.Succeeded("b-8", 2));

        var result = await Build(Client(random: () => 0));

        Assert.Equal("b-8", result.BuildId);
        Assert.Equal(
            [$"Build {TestModules.DriverName} by host-a", $"WatchBuild {Id}", $"Build {TestModules.DriverName} by host-a"],
            _farm.Script.Calls);
    }

    [Fact]
    public async Task BuildAsync_NoAnswerWithinTheDeadline_ThrowsUnreachable()
    {
        _farm.Script.Then((_, context) => Task.Delay(Timeout.Infinite, context.CancellationToken));
        var client = Client(deadline: TimeSpan.FromMilliseconds(500), time: TimeProvider.System);

        var error = await Assert.ThrowsAsync<ResolutionException>(() => Build(client));

        Assert.Equal(ResolutionFailure.Unreachable, error.Outcome);
        Assert.Contains("within the deadline", error.Message, StringComparison.Ordinal);
        Assert.Equal(StatusCode.DeadlineExceeded, Assert.IsType<RpcException>(error.InnerException).StatusCode);
    }

    [Fact]
    public async Task BuildAsync_RetryInfoBeyondTheDeadline_ThrowsUnreachableWithoutWaiting()
    {
        _farm.Script.ThenFail(BuildEvents.WithRetryInfo(Code.Unavailable, "draining", TimeSpan.FromMinutes(10)));

        var error = await Assert.ThrowsAsync<ResolutionException>(() => Build(Client(deadline: TimeSpan.FromMinutes(5))));

        Assert.Equal(ResolutionFailure.Unreachable, error.Outcome);
        Assert.Contains("stayed unavailable until the deadline", error.Message, StringComparison.Ordinal);
        Assert.Single(_farm.Script.Calls);
    }

    [Fact]
    public async Task BuildAsync_FarmDownUntilTheDeadline_ReportsEachAttemptThenThrowsUnreachable()
    {
        var progress = new RecordingProgress();
        var options = new FarmClientOptions { Address = "http://127.0.0.1:" + LoopbackPorts.Free(), BuildDeadline = TimeSpan.FromSeconds(60) };
        var client = new FarmClient(
            FarmClient.CreateClient(options), options, new BackoffPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2), () => 1), _time, _log, progress);

        var build = Build(client);
        for (var i = 0; i < 500 && !build.IsCompleted; i++)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var error = await Assert.ThrowsAsync<ResolutionException>(() => build);
        Assert.Equal(ResolutionFailure.Unreachable, error.Outcome);
        Assert.StartsWith($"the build farm at {options.Address} stayed unavailable until the deadline (00:01:00)", error.Message, StringComparison.Ordinal);
        // Waits of 1, 2, 4, 8 and 16 s fit in the minute; the sixth (32 s) would not.
        Assert.Equal(
            [1, 2, 3, 4, 5],
            progress.Activities.Select(a => int.Parse(System.Text.RegularExpressions.Regex.Match(a, @"\(attempt (\d+)\)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(progress.Activities, a => Assert.StartsWith($"waiting for the build farm at {options.Address} (attempt ", a, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BuildAsync_NoFarmConfigured_ThrowsNotFound()
    {
        var client = new FarmClient(null, new FarmClientOptions(), new BackoffPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)), _time, _log);

        var error = await Assert.ThrowsAsync<ResolutionException>(() => Build(client));

        Assert.False(client.IsConfigured);
        Assert.Equal(ResolutionFailure.NotFound, error.Outcome);
    }


    private Task<FarmBuildResult> Build(FarmClient client) =>
        client.BuildAsync(TestModules.Variant, "host-a", _progress.Add, TestContext.Current.CancellationToken);

    private FarmClient Client(Func<double>? random = null, TimeSpan? deadline = null, TimeProvider? time = null)
    {
        var options = new FarmClientOptions { Address = _farm.Address, BuildDeadline = deadline ?? TimeSpan.FromMinutes(30) };
        var backoff = new BackoffPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2), random ?? (() => 0.5));
        return new FarmClient(FarmClient.CreateClient(options), options, backoff, time ?? _time, _log);
    }
}
