using KernelAgent.BuildFarm.Tests.Builds;
using KernelAgent.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;

namespace KernelAgent.BuildFarm.Tests.ScaleOut;

/// <summary>Replicas and workers on a real nats-server: one compile per variant across replicas; a lost worker's build finishes elsewhere.</summary>
[Trait("Category", "Integration")]
public sealed class JetStreamBuildsTests(NatsServerFixture nats) : IClassFixture<NatsServerFixture>
{
    private const int CallsPerVariant = 40;

    [Fact(Timeout = 180_000)]
    public async Task Build_ManyCallsOverTwoReplicasForThreeVariants_CompilesEachVariantOnce()
    {
        nats.EnsureServing();
        var token = TestContext.Current.CancellationToken;
        await using var cluster = new ScaleOutCluster(nats.Url);
        var replicas = new[] { await cluster.AddReplicaAsync(), await cluster.AddReplicaAsync() };
        var worker = await cluster.AddWorkerAsync();
        var builder = worker.Services.GetRequiredService<FakeModuleBuilder>();
        builder.Hold();
        var variants = new[] { TestVariants.Debian(2), TestVariants.Debian(3), TestVariants.Debian(4) };

        var calls = variants.SelectMany((variant, v) => Enumerable.Range(0, CallsPerVariant).Select(i =>
                BuildStreams.FirstAsync(replicas[i % 2].Client.Build(TestVariants.Build(variant, $"host-{v}-{i}"), cancellationToken: token), token)))
            .ToList();
        var firsts = await Task.WhenAll(calls);
        builder.Release();
        var streams = await Task.WhenAll(firsts.Select(f => f.Following));

        Assert.Equal(variants.Length, builder.Builds);
        Assert.All(streams, s =>
        {
            Assert.Null(s.Error);
            Assert.Equal(BuildState.Succeeded, s.Last.State);
        });
        var buildIds = streams.Select(s => s.Last.BuildId).Distinct().ToList();
        Assert.Equal(variants.Length, buildIds.Count);
        foreach (var id in buildIds)
        {
            var fromA = await replicas[0].Client.GetBuildAsync(new GetBuildRequest { BuildId = id }, cancellationToken: token);
            var fromB = await replicas[1].Client.GetBuildAsync(new GetBuildRequest { BuildId = id }, cancellationToken: token);
            Assert.Equal(BuildState.Succeeded, fromA.State);
            Assert.Equal(fromA.Artifact, fromB.Artifact);
        }

        TestContext.Current.SendDiagnosticMessage($"{streams.Length} Build calls over 2 replicas, {variants.Length} variants: {builder.Builds} compiles");
    }

    [Fact(Timeout = 180_000)]
    public async Task Build_WorkerKilledMidBuild_AnotherWorkerFinishesIt()
    {
        nats.EnsureServing();
        var token = TestContext.Current.CancellationToken;
        await using var cluster = new ScaleOutCluster(nats.Url);
        var (stream, survivor) = await BuildWhileAWorkerIsKilledAsync(cluster, token);

        Assert.Null(stream.Error);
        Assert.Equal(BuildState.Succeeded, stream.Last.State);
        Assert.Equal(1, survivor.Services.GetRequiredService<FakeModuleBuilder>().Builds);
        Assert.Single(stream.Events.Select(e => e.BuildId).Distinct());
        Assert.Equal(2, stream.Events.Count(e => e.State == BuildState.Compiling && e.DetailCase == BuildEvent.DetailOneofCase.Compiling));
    }

    [Fact(Timeout = 180_000)]
    public async Task Build_JobDeliveredMoreThanMaxDeliver_EndsFailedWithTheReason()
    {
        nats.EnsureServing();
        var token = TestContext.Current.CancellationToken;
        await using var cluster = new ScaleOutCluster(nats.Url, new Dictionary<string, string?> { ["Nats:MaxDeliver"] = "1" });
        var (stream, next) = await BuildWhileAWorkerIsKilledAsync(cluster, token);

        Assert.Null(stream.Error);
        Assert.Equal(BuildState.Failed, stream.Last.State);
        Assert.Equal(FailureReason.Internal, stream.Last.Failed.Reason);
        Assert.Contains("Nats:MaxDeliver", stream.Last.Failed.Message, StringComparison.Ordinal);
        Assert.Equal(0, next.Services.GetRequiredService<FakeModuleBuilder>().Builds);
    }

    [Fact(Timeout = 180_000)]
    public async Task CancelBuild_OnReplicaA_EndsTheStreamOnReplicaBAndStopsTheWorker()
    {
        nats.EnsureServing();
        var token = TestContext.Current.CancellationToken;
        await using var cluster = new ScaleOutCluster(nats.Url);
        var (a, b) = (await cluster.AddReplicaAsync(), await cluster.AddReplicaAsync());
        var worker = await cluster.AddWorkerAsync();
        var builder = worker.Services.GetRequiredService<FakeModuleBuilder>();
        builder.Hold();
        var (first, rest) = await BuildStreams.FirstAsync(b.Client.Build(TestVariants.Build(), cancellationToken: token), token);
        await builder.NextStartedAsync(token);

        await a.Client.CancelBuildAsync(new CancelBuildRequest { BuildId = first.BuildId, Reason = "operator" }, cancellationToken: token);
        var stream = await rest;
        await builder.NextEndedAsync(token);

        Assert.Equal(BuildState.Cancelled, stream.Last.State);
        Assert.Equal("operator", stream.Last.Cancelled.Reason);
        var info = await b.Client.GetBuildAsync(new GetBuildRequest { BuildId = first.BuildId }, cancellationToken: token);
        Assert.Equal(BuildState.Cancelled, info.State);
    }

    /// <summary>One Build on a replica; its worker is killed mid-compile once a second worker runs; the stream as it ended and that second worker.</summary>
    private static async Task<(BuildStream Stream, Microsoft.Extensions.Hosting.IHost Next)> BuildWhileAWorkerIsKilledAsync(ScaleOutCluster cluster, CancellationToken token)
    {
        var replica = await cluster.AddReplicaAsync();
        var doomed = await cluster.AddWorkerAsync();
        var doomedBuilder = doomed.Services.GetRequiredService<FakeModuleBuilder>();
        doomedBuilder.Hold();
        var call = BuildStreams.ReadAllAsync(replica.Client.Build(TestVariants.Build(), cancellationToken: token), token);
        await doomedBuilder.NextStartedAsync(token);
        var next = await cluster.AddWorkerAsync();

        await ScaleOutCluster.KillAsync(doomed);
        return (await call, next);
    }
}
