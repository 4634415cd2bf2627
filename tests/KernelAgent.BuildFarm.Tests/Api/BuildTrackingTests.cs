using Grpc.Core;
using KernelAgent.BuildFarm.Builds;
using KernelAgent.BuildFarm.Tests.Builds;
using KernelAgent.Protocol.V1;
using Microsoft.Extensions.Time.Testing;

namespace KernelAgent.BuildFarm.Tests.Api;

/// <summary>WatchBuild, GetBuild, ListBuilds and CancelBuild against builds held at the fake builder's gate.</summary>
public sealed class BuildTrackingTests
{
    [Fact(Timeout = 60_000)]
    public async Task WatchBuild_AfterTheBuildStreamWasLost_ReplaysEveryEventThenFollowsToTheEnd()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync();
        var builder = farm.Service<FakeModuleBuilder>();
        builder.Hold();
        string buildId;
        using (var lost = new CancellationTokenSource())
        {
            buildId = (await BuildStreams.FirstAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: lost.Token), token)).First.BuildId;
            await builder.NextStartedAsync(token);
            await lost.CancelAsync();
        }

        var watch = BuildStreams.ReadAllAsync(farm.Client.WatchBuild(new WatchBuildRequest { BuildId = buildId }, cancellationToken: token), token);
        await BuildStreams.EventuallyAsync(
            async () => (await farm.Client.GetBuildAsync(new GetBuildRequest { BuildId = buildId }, cancellationToken: token)).State == BuildState.Compiling,
            "the build is compiling");
        builder.Release();
        var watched = await watch;
        var replayed = await BuildStreams.ReadAllAsync(farm.Client.WatchBuild(new WatchBuildRequest { BuildId = buildId }, cancellationToken: token), token);

        Assert.Null(watched.Error);
        Assert.Equal(Enumerable.Range(1, watched.Events.Count).Select(i => (long)i), watched.Events.Select(e => e.Sequence));
        Assert.All(watched.Events, e => Assert.Equal(buildId, e.BuildId));
        Assert.Equal(
            [BuildState.Queued, BuildState.FetchingHeaders, BuildState.Compiling, BuildState.Signing, BuildState.Publishing, BuildState.Succeeded],
            watched.Events.Select(e => e.State).Distinct());
        Assert.Equal(watched.Events, replayed.Events);
        Assert.Equal(1, builder.Builds);
    }

    [Fact(Timeout = 60_000)]
    public async Task GetBuild_RunningThenFinished_ReportsStateRequestersTimesAndArtifact()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync();
        var builder = farm.Service<FakeModuleBuilder>();
        builder.Hold();
        var first = BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(requestedBy: "host-a"), cancellationToken: token), token);
        await builder.NextStartedAsync(token);
        var second = BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(requestedBy: "host-b"), cancellationToken: token), token);
        var buildId = (await farm.Client.ListBuildsAsync(new ListBuildsRequest(), cancellationToken: token)).Builds.Single().BuildId;
        await BuildStreams.EventuallyAsync(
            async () => (await farm.Client.GetBuildAsync(new GetBuildRequest { BuildId = buildId }, cancellationToken: token)).Requesters == 2,
            "the second request joined");

        var running = await farm.Client.GetBuildAsync(new GetBuildRequest { BuildId = buildId }, cancellationToken: token);
        builder.Release();
        var succeeded = (await first).Last;
        await second;
        var finished = await farm.Client.GetBuildAsync(new GetBuildRequest { BuildId = buildId }, cancellationToken: token);

        Assert.Equal(BuildState.Compiling, running.State);
        Assert.Equal("host-a", running.RequestedBy);
        Assert.Equal(TestVariants.Debian(), running.Variant);
        Assert.Equal(TestVariants.Sample, running.Driver);
        Assert.NotNull(running.Started);
        Assert.Null(running.Finished);
        Assert.Null(running.Artifact);
        Assert.Equal(BuildState.Succeeded, finished.State);
        Assert.Equal(succeeded.Succeeded.Artifact, finished.Artifact);
        Assert.NotNull(finished.Finished);
        Assert.Equal(2, finished.Requesters);
    }

    [Fact(Timeout = 60_000)]
    public async Task ListBuilds_PagedByTwo_ReturnsEveryBuildOnceNewestFirst()
    {
        var token = TestContext.Current.CancellationToken;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        await using var farm = await FakeBuilderFarm.StartAsync(time: clock);
        var ids = new List<string>();
        for (var build = 1; build <= 5; build++)
        {
            ids.Add((await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(TestVariants.Debian(build)), cancellationToken: token), token)).Last.BuildId);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var pages = new List<ListBuildsResponse>();
        var next = "";
        do
        {
            var page = await farm.Client.ListBuildsAsync(new ListBuildsRequest { PageSize = 2, PageToken = next }, cancellationToken: token);
            pages.Add(page);
            next = page.NextPageToken;
        }
        while (next.Length > 0 && pages.Count < 10);

        Assert.Equal([2, 2, 1], pages.Select(p => p.Builds.Count));
        Assert.Equal(Enumerable.Reverse(ids), pages.SelectMany(p => p.Builds).Select(b => b.BuildId));
    }

    [Fact(Timeout = 60_000)]
    public async Task ListBuilds_StateFilter_ReturnsOnlyBuildsInThatState()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync();
        var builder = farm.Service<FakeModuleBuilder>();
        builder.FailWith = v => v.Kernel.KernelVersion.Contains("6.1.192-3", StringComparison.Ordinal)
            ? new BuildFailedException(FailureReason.CompileError, "error")
            : null;
        var succeeded = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(TestVariants.Debian(2)), cancellationToken: token), token);
        var failed = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(TestVariants.Debian(3)), cancellationToken: token), token);
        builder.Hold();
        var running = BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(TestVariants.Debian(4)), cancellationToken: token), token);
        await builder.NextStartedAsync(token);

        async Task<IEnumerable<string>> Listed(BuildState state) =>
            (await farm.Client.ListBuildsAsync(new ListBuildsRequest { State = state }, cancellationToken: token)).Builds.Select(b => b.BuildId);

        Assert.Equal([failed.Last.BuildId], await Listed(BuildState.Failed));
        Assert.Equal([succeeded.Last.BuildId], await Listed(BuildState.Succeeded));
        Assert.Single(await Listed(BuildState.Compiling));
        Assert.Equal(3, (await Listed(BuildState.Unspecified)).Count());
        builder.Release();
        await running;
    }

    [Fact(Timeout = 60_000)]
    public async Task CancelBuild_RunningBuild_EndsEveryAttachedStreamWithCancelled()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync();
        var builder = farm.Service<FakeModuleBuilder>();
        builder.Hold();
        var streams = Enumerable.Range(0, 3).Select(_ => BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token)).ToList();
        await builder.NextStartedAsync(token);
        var buildId = (await farm.Client.ListBuildsAsync(new ListBuildsRequest(), cancellationToken: token)).Builds.Single().BuildId;
        await BuildStreams.EventuallyAsync(
            async () => (await farm.Client.GetBuildAsync(new GetBuildRequest { BuildId = buildId }, cancellationToken: token)).Requesters == 3,
            "all three requests are attached");

        var info = await farm.Client.CancelBuildAsync(new CancelBuildRequest { BuildId = buildId, Reason = "operator: wrong driver" }, cancellationToken: token);
        var ended = await Task.WhenAll(streams);

        Assert.Equal(BuildState.Cancelled, info.State);
        Assert.All(ended, s =>
        {
            Assert.Null(s.Error);
            Assert.Equal(BuildState.Cancelled, s.Last.State);
            Assert.Equal("operator: wrong driver", s.Last.Cancelled.Reason);
        });
        builder.Release();
        var rebuilt = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);
        Assert.Equal(BuildState.Succeeded, rebuilt.Last.State);
        Assert.Equal(2, builder.Builds);
    }

    [Fact(Timeout = 60_000)]
    public async Task CancelBuild_QueuedBuild_EndsItsStreamAndItNeverCompiles()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync(new Dictionary<string, string?> { ["Builds:Workers"] = "1" });
        var builder = farm.Service<FakeModuleBuilder>();
        var (running, queued, rest) = await FakeBuilderFarm.HoldOneRunningOneQueuedAsync(farm, token);

        await farm.Client.CancelBuildAsync(new CancelBuildRequest { BuildId = queued.BuildId }, cancellationToken: token);
        var cancelled = await rest;
        builder.Release();
        await running;

        Assert.Equal(BuildState.Queued, queued.State);
        Assert.Equal(BuildState.Cancelled, cancelled.Last.State);
        Assert.Equal("cancelled by request", cancelled.Last.Cancelled.Reason);
        Assert.Equal(1, builder.Builds);
        var info = await farm.Client.GetBuildAsync(new GetBuildRequest { BuildId = queued.BuildId }, cancellationToken: token);
        Assert.Equal(BuildState.Cancelled, info.State);
        Assert.Null(info.Started);
    }

    [Fact(Timeout = 60_000)]
    public async Task WatchBuild_UnknownBuild_IsNotFound()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync();

        var watched = await BuildStreams.ReadAllAsync(farm.Client.WatchBuild(new WatchBuildRequest { BuildId = "b-20261123-100000-00000000" }, cancellationToken: token), token);

        Assert.Equal(StatusCode.NotFound, watched.Error?.StatusCode);
        Assert.Equal("build", RpcDetails.Unpack<Google.Rpc.ResourceInfo>(watched.Error!).ResourceType);
    }
}
