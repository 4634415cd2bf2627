using Grpc.Core;
using KernelAgent.BuildFarm.Builds;
using KernelAgent.Protocol.V1;
using Microsoft.Extensions.Time.Testing;

namespace KernelAgent.BuildFarm.Tests.Builds;

/// <summary>
/// The coordinator's counts cannot drift or grow without bound: the queue depth returns to zero after any mix of
/// failed and cancelled builds (so Builds:QueueLimit never refuses for good), and remembered failures are swept by
/// time and bounded in number.
/// </summary>
public sealed class CoordinatorBoundsTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact(Timeout = 120_000)]
    public async Task QueueDepth_ManyBuildsFailedAndCancelled_ReturnsToZeroAndTheQueueTakesNewBuilds()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync(new Dictionary<string, string?>
        {
            ["Builds:Workers"] = "2", ["Builds:QueueLimit"] = "4", ["Builds:FailureMemory"] = "00:00:00",
        });
        var builder = farm.Service<FakeModuleBuilder>();
        var coordinator = farm.Service<IBuildCoordinator>();
        builder.FailWith = _ => new BuildFailedException(FailureReason.CompileError, "kagent_sample.c:12: error");
        var build = 0;

        for (var round = 0; round < 10; round++)
        {
            var gate = builder.Hold();
            var streams = new List<Task<BuildStream>>();
            var queued = new List<BuildEvent>();
            for (var i = 0; i < 6; i++)
            {
                var (first, rest) = await BuildStreams.FirstAsync(farm.Client.Build(TestVariants.Build(TestVariants.Debian(100 + build++)), cancellationToken: token), token);
                queued.Add(first);
                streams.Add(rest);
                if (i < 2)
                {
                    await builder.NextStartedAsync(token);
                }
            }

            Assert.Equal(4, coordinator.QueueDepth);
            var full = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(TestVariants.Debian(100 + build++)), cancellationToken: token), token);
            Assert.Equal(StatusCode.ResourceExhausted, full.Error?.StatusCode);

            // Half the waiting builds cancelled (their slots free at once), one running build cancelled, the rest fail.
            await farm.Client.CancelBuildAsync(new CancelBuildRequest { BuildId = queued[2].BuildId }, cancellationToken: token);
            await farm.Client.CancelBuildAsync(new CancelBuildRequest { BuildId = queued[3].BuildId }, cancellationToken: token);
            Assert.Equal(2, coordinator.QueueDepth);
            await farm.Client.CancelBuildAsync(new CancelBuildRequest { BuildId = queued[0].BuildId }, cancellationToken: token);
            gate.SetResult();
            builder.Release();
            var ended = await Task.WhenAll(streams);

            Assert.All(ended, s => Assert.True(s.Last.State is BuildState.Failed or BuildState.Cancelled, s.Last.ToString()));
            Assert.Equal(0, coordinator.QueueDepth);

            // The waiting builds that ran once the gate opened reported their starts too; the next round must wait
            // for its own, or a loaded machine queues more than the limit before the workers take the first two.
            builder.ForgetStarted();
        }

        builder.FailWith = _ => null;
        var after = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);
        Assert.Equal(BuildState.Succeeded, after.Last.State);
        Assert.Equal(0, coordinator.QueueDepth);
    }

    [Fact(Timeout = 60_000)]
    public async Task RememberedFailures_OfVariantsNobodyAsksAgain_AreSweptWhenTheirTimeIsUp()
    {
        var token = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(Start);
        await using var farm = await FakeBuilderFarm.StartAsync(
            new Dictionary<string, string?> { ["Builds:FailureMemory"] = "00:10:00", ["Builds:FailureSweepInterval"] = "00:01:00" }, clock);
        var builder = farm.Service<FakeModuleBuilder>();
        var coordinator = (BuildCoordinator)farm.Service<IBuildCoordinator>();
        builder.FailWith = _ => new BuildFailedException(FailureReason.CompileError, "error");

        for (var i = 0; i < 20; i++)
        {
            await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(TestVariants.Debian(200 + i)), cancellationToken: token), token);
        }

        Assert.Equal(20, coordinator.RememberedFailures);
        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(20, coordinator.RememberedFailures);
        clock.Advance(TimeSpan.FromMinutes(2));
        await BuildStreams.EventuallyAsync(() => Task.FromResult(coordinator.RememberedFailures == 0), "the sweep forgot every failure");
    }

    [Fact(Timeout = 60_000)]
    public async Task RememberedFailures_BeyondTheLimit_ForgetTheOldestAndKeepOnlyTheTerminalEvent()
    {
        var token = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(Start);
        await using var farm = await FakeBuilderFarm.StartAsync(
            new Dictionary<string, string?> { ["Builds:FailureMemory"] = "00:10:00", ["Builds:FailureMemoryLimit"] = "5" }, clock);
        var builder = farm.Service<FakeModuleBuilder>();
        var coordinator = (BuildCoordinator)farm.Service<IBuildCoordinator>();
        builder.FailWith = _ => new BuildFailedException(FailureReason.CompileError, "error");

        var first = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(TestVariants.Debian(300)), cancellationToken: token), token);
        var latest = first;
        for (var i = 1; i < 12; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            latest = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(TestVariants.Debian(300 + i)), cancellationToken: token), token);
        }

        var recalled = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(TestVariants.Debian(311)), cancellationToken: token), token);
        var rebuilt = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(TestVariants.Debian(300)), cancellationToken: token), token);

        Assert.Equal(5, coordinator.RememberedFailures);
        Assert.Equal(13, builder.Builds);
        Assert.Equal(latest.Last, Assert.Single(recalled.Events));
        Assert.NotEqual(first.Last.BuildId, rebuilt.Last.BuildId);
    }
}
