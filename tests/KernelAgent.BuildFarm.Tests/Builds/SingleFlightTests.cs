using KernelAgent.BuildFarm.Tests.Hosting;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Layout;

namespace KernelAgent.BuildFarm.Tests.Builds;

/// <summary>Many requests, one build; a published artifact is a hit without any build.</summary>
public sealed class SingleFlightTests
{
    private const int Callers = 200;

    [Fact(Timeout = 120_000)]
    public async Task Build_200ConcurrentCallsForOneNewVariant_CompilesOnceAndEveryStreamGetsTheSameArtifact()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync();
        var builder = farm.Service<FakeModuleBuilder>();
        builder.Hold();

        var calls = Enumerable.Range(0, Callers)
            .Select(i => BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(requestedBy: $"host-{i}"), cancellationToken: token), token))
            .ToList();
        await builder.NextStartedAsync(token);
        await BuildStreams.EventuallyAsync(
            async () => (await farm.Client.ListBuildsAsync(new ListBuildsRequest(), cancellationToken: token)).Builds.Single().Requesters == Callers,
            $"all {Callers} callers are attached to the one build");
        builder.Release();
        var streams = await Task.WhenAll(calls);

        Assert.Equal(1, builder.Builds);
        Assert.All(streams, s =>
        {
            Assert.Null(s.Error);
            Assert.Equal(BuildState.Succeeded, s.Last.State);
            Assert.False(s.Last.Succeeded.AlreadyPublished);
        });
        Assert.Single(streams.Select(s => s.Last.BuildId).Distinct());
        Assert.Single(streams.Select(s => s.Last.Succeeded.Artifact).Distinct());
        Assert.Equal(Callers - 1, streams.Count(s => s.Events[0].Queued?.JoinedExisting == true));
        var info = await farm.Client.GetBuildAsync(new GetBuildRequest { BuildId = streams[0].Last.BuildId }, cancellationToken: token);
        Assert.Equal(Callers, info.Requesters);
    }

    [Fact(Timeout = 60_000)]
    public async Task Build_PublishedVariant_AnswersOneAlreadyPublishedEventWithoutCompiling()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync();
        var builder = farm.Service<FakeModuleBuilder>();
        var built = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);

        var again = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);

        Assert.Equal(1, builder.Builds);
        Assert.Null(again.Error);
        var hit = Assert.Single(again.Events);
        Assert.Equal(BuildState.Succeeded, hit.State);
        Assert.True(hit.Succeeded.AlreadyPublished);
        Assert.Equal(built.Last.Succeeded.Artifact, hit.Succeeded.Artifact);
        Assert.NotEqual(built.Last.BuildId, hit.BuildId);
    }

    [Fact(Timeout = 60_000)]
    public async Task Resolve_BeforeAndAfterABuild_MissesThenFindsTheArtifactTheMirrorServes()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync();

        var before = await farm.Client.ResolveAsync(TestVariants.Resolve(), cancellationToken: token);
        var built = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);
        var after = await farm.Client.ResolveAsync(TestVariants.Resolve(), cancellationToken: token);

        Assert.False(before.Found);
        Assert.Null(before.Artifact);
        Assert.Equal(built.Last.VariantKey, before.VariantKey);
        Assert.True(after.Found);
        Assert.Equal(built.Last.Succeeded.Artifact, after.Artifact);
        Assert.Equal($"{farm.Http.BaseAddress}store/", after.Artifact.StoreUrl);
        var module = await farm.Http.GetByteArrayAsync(new Uri(after.Artifact.StoreUrl + after.Artifact.ModuleKey), token);
        Assert.Equal(after.Artifact.ModuleDigest, Digests.Prefixed(Digests.Sha256Hex(module)));
    }

    [Fact(Timeout = 60_000)]
    public async Task Build_WhileACancelledBuildOfTheVariantWindsDown_JoinsTheNewBuild()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync(new Dictionary<string, string?> { ["Builds:Workers"] = "4" });
        var builder = farm.Service<FakeModuleBuilder>();
        builder.ObservesCancellation = false;
        var cancelledGate = builder.Hold();
        var cancelled = BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);
        await builder.NextStartedAsync(token);
        var cancelledId = (await farm.Client.ListBuildsAsync(new ListBuildsRequest(), cancellationToken: token)).Builds.Single().BuildId;
        await farm.Client.CancelBuildAsync(new CancelBuildRequest { BuildId = cancelledId }, cancellationToken: token);
        Assert.Equal(BuildState.Cancelled, (await cancelled).Last.State);
        builder.Hold();
        var rebuild = BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);
        await builder.NextStartedAsync(token);

        cancelledGate.SetResult();
        await builder.NextEndedAsync(token);
        await BuildStreams.EventuallyAsync(
            async () => (await farm.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative), token)).Contains("kernelagent_builds_total{outcome=\"cancelled\"} 1", StringComparison.Ordinal),
            "the cancelled build's worker has finished it");
        var (joined, rest) = await BuildStreams.FirstAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);
        builder.Release();

        Assert.True(joined.Queued?.JoinedExisting);
        Assert.Equal((await rebuild).Last.BuildId, joined.BuildId);
        Assert.Equal(BuildState.Succeeded, (await rest).Last.State);
        Assert.Equal(2, builder.Builds);
    }
}
