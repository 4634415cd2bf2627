using KernelAgent.BuildFarm.Tests.Builds;
using KernelAgent.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;

namespace KernelAgent.BuildFarm.Tests.ScaleOut;

/// <summary>A 3-node JetStream cluster with Nats:Replicas 3: a node killed mid-build loses no job and no build result.</summary>
[Trait("Category", "Integration")]
public sealed class NatsNodeLossTests(NatsClusterFixture cluster) : IClassFixture<NatsClusterFixture>
{
    [Fact(Timeout = 240_000)]
    public async Task Build_NodeKilledWhileBuildsRunAndWait_EveryBuildSucceeds()
    {
        cluster.EnsureServing();
        var token = TestContext.Current.CancellationToken;
        await using var farm = new ScaleOutCluster(cluster.Url, new Dictionary<string, string?> { ["Nats:Replicas"] = "3" });
        var replica = await farm.AddReplicaAsync();
        var worker = await farm.AddWorkerAsync();
        var builder = worker.Services.GetRequiredService<FakeModuleBuilder>();
        builder.Hold();
        var running = BuildStreams.ReadAllAsync(replica.Client.Build(TestVariants.Build(TestVariants.Debian(2)), cancellationToken: token), token);
        await builder.NextStartedAsync(token);
        var (queued, waiting) = await BuildStreams.FirstAsync(replica.Client.Build(TestVariants.Build(TestVariants.Debian(3)), cancellationToken: token), token);

        await cluster.KillNodeAsync(0);
        builder.Release();
        var streams = new[] { await running, await waiting };

        Assert.Equal(BuildState.Queued, queued.State);
        Assert.All(streams, s =>
        {
            Assert.Null(s.Error);
            Assert.Equal(BuildState.Succeeded, s.Last.State);
        });
        var again = await BuildStreams.ReadAllAsync(replica.Client.Build(TestVariants.Build(TestVariants.Debian(3)), cancellationToken: token), token);
        Assert.True(again.Last.Succeeded.AlreadyPublished);
    }
}
