using Grpc.Health.V1;
using KernelAgent.BuildFarm.Builds;
using KernelAgent.BuildFarm.Tests.Builds;
using KernelAgent.Protocol.V1;

namespace KernelAgent.BuildFarm.Tests.Hosting;

/// <summary>grpc.health.v1 and the Prometheus /metrics endpoint of a running farm.</summary>
public sealed class FarmEndpointsTests
{
    [Fact(Timeout = 30_000)]
    public async Task HealthCheck_RunningFarm_AnswersServing()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync();

        var response = await farm.Health.CheckAsync(new HealthCheckRequest(), cancellationToken: token);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact(Timeout = 60_000)]
    public async Task Metrics_AfterBuildsAndResolves_CountsOutcomesHitsAndMisses()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync();
        farm.Service<FakeModuleBuilder>().FailWith = v => v.Kernel.KernelVersion.Contains("6.1.192-3", StringComparison.Ordinal)
            ? new BuildFailedException(FailureReason.CompileError, "error")
            : null;
        await farm.Client.ResolveAsync(TestVariants.Resolve(), cancellationToken: token);
        await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);
        await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(TestVariants.Debian(3)), cancellationToken: token), token);
        await farm.Client.ResolveAsync(TestVariants.Resolve(), cancellationToken: token);
        await farm.Client.ResolveAsync(TestVariants.Resolve(), cancellationToken: token);

        string[] expected =
        [
            "kernelagent_build_queue_depth 0",
            "kernelagent_builds_total{outcome=\"succeeded\"} 1",
            "kernelagent_builds_total{outcome=\"failed\"} 1",
            "kernelagent_resolves_total{result=\"hit\"} 2",
            "kernelagent_resolves_total{result=\"miss\"} 1",
            "kernelagent_build_duration_seconds_count{outcome=\"succeeded\"} 1",
        ];
        var text = "";
        // The worker records a build's outcome just after the stream's last event: poll briefly.
        await BuildStreams.EventuallyAsync(
            async () =>
            {
                text = await farm.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative), token);
                return expected.All(line => text.Split('\n').Contains(line));
            },
            "/metrics shows both builds and the three resolves",
            TimeSpan.FromSeconds(10));
        Assert.Contains("# TYPE kernelagent_builds_total counter", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE kernelagent_build_duration_seconds histogram", text, StringComparison.Ordinal);
    }
}
