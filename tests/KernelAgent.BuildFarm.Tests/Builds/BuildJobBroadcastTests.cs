using KernelAgent.BuildFarm.Builds;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Tests.Builds;

/// <summary>
/// Issue 15: a build's events are one broadcast to every watcher of a herd; a watcher that joins late gets the history
/// first, then what follows, each event once and in order.
/// </summary>
public sealed class BuildJobBroadcastTests
{
    private static readonly ArtifactVariant s_variant =
        ArtifactVariant.Create(ProtocolMapping.FromProto(TestVariants.Debian()), ProtocolMapping.FromProto(TestVariants.Sample));

    [Fact(Timeout = 30_000)]
    public async Task WatchAsync_LateJoiner_GetsTheHistoryThenTheRestInOrder()
    {
        var token = TestContext.Current.CancellationToken;
        var job = NewJob();
        for (var i = 0; i < 40; i++)
        {
            job.Append(BuildState.Compiling, e => e.Log = new BuildEvent.Types.LogLine { Line = $"line {i}" });
        }

        var late = CollectAsync(job, 0, token);
        for (var i = 40; i < 50; i++)
        {
            job.Append(BuildState.Compiling, e => e.Log = new BuildEvent.Types.LogLine { Line = $"line {i}" });
        }

        job.Append(BuildState.Succeeded, e => e.Succeeded = new BuildEvent.Types.Succeeded());
        var events = await late;

        Assert.Equal(Enumerable.Range(1, 52).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(BuildState.Queued, events[0].State);
        Assert.Equal(BuildState.Succeeded, events[^1].State);
    }

    [Fact(Timeout = 30_000)]
    public async Task WatchAsync_JoinedAfterTheEnd_GetsTheWholeLogAndEnds()
    {
        var job = NewJob();
        job.Append(BuildState.Failed, e => e.Failed = new BuildFailure { Reason = FailureReason.CompileError, Message = "no" });

        var events = await CollectAsync(job, 0, TestContext.Current.CancellationToken);

        Assert.Equal([1L, 2L], events.Select(e => e.Sequence));
    }

    [Fact(Timeout = 30_000)]
    public async Task WatchAsync_AfterASequence_StartsAfterIt()
    {
        var job = NewJob();
        job.Append(BuildState.Compiling, e => e.Compiling = new BuildEvent.Types.Compiling { Compiler = "gcc" });
        job.Append(BuildState.Succeeded, e => e.Succeeded = new BuildEvent.Types.Succeeded());

        var events = await CollectAsync(job, 2, TestContext.Current.CancellationToken);

        Assert.Equal([3L], events.Select(e => e.Sequence));
    }

    [Fact(Timeout = 60_000)]
    public async Task WatchAsync_AThousandWatchersJoiningWhileItRuns_EachGetsEveryEventOnce()
    {
        var token = TestContext.Current.CancellationToken;
        var job = NewJob();
        var watchers = new List<Task<List<BuildEvent>>>();
        for (var i = 0; i < 1000; i++)
        {
            watchers.Add(CollectAsync(job, 0, token));
            if (i % 10 == 0)
            {
                job.Append(BuildState.Compiling, e => e.Log = new BuildEvent.Types.LogLine { Line = "x" });
            }
        }

        job.Append(BuildState.Succeeded, e => e.Succeeded = new BuildEvent.Types.Succeeded());
        var all = await Task.WhenAll(watchers);

        var expected = Enumerable.Range(1, 102).Select(i => (long)i).ToList();
        Assert.All(all, events => Assert.Equal(expected, events.Select(e => e.Sequence)));
        Assert.All(all, events => Assert.Same(all[0][^1], events[^1]));
    }

    [Fact(Timeout = 30_000)]
    public async Task WatchAsync_Cancelled_StopsWaitingWithoutEndingTheBuild()
    {
        var job = NewJob();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var watching = CollectAsync(job, 0, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching);
        Assert.False(job.IsTerminal);
    }

    private static BuildJob NewJob()
    {
        var job = new BuildJob("b-test", VariantBuildRequest.OnDemand(s_variant, "test"), TimeProvider.System);
        job.Append(BuildState.Queued, e => e.Queued = new BuildEvent.Types.Queued { Position = 0 });
        return job;
    }

    private static Task<List<BuildEvent>> CollectAsync(BuildJob job, long afterSequence, CancellationToken token) => Task.Run(async () =>
    {
        var events = new List<BuildEvent>();
        await foreach (var e in job.WatchAsync(afterSequence, token))
        {
            events.Add(e);
        }

        return events;
    }, CancellationToken.None);
}
