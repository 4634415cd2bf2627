using System.Diagnostics;
using System.Text.Json;
using KernelAgent.BuildFarm.Builds;
using KernelAgent.BuildFarm.Tests.Builds;
using KernelAgent.BuildFarm.Tests.Headers;

namespace KernelAgent.BuildFarm.Tests.Hosting;

/// <summary>
/// /metrics must parse with a Prometheus parser we did not write: tests/interop/prometheus_parse.py runs the
/// official Python client's parser (Debian package python3-prometheus-client) over what a running farm serves.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PrometheusMetricsTests
{
    private const string Python = "/usr/bin/python3";

    [Fact(Timeout = 60_000)]
    public async Task Metrics_AfterBuildsAndResolves_ParseWithHelpAndTypeOfEveryFamily()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync();
        await farm.Client.ResolveAsync(TestVariants.Resolve(), cancellationToken: token);
        await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);
        await BuildStreams.EventuallyAsync(
            async () => (await farm.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative), token)).Contains("kernelagent_builds_total{", StringComparison.Ordinal),
            "/metrics shows the finished build",
            TimeSpan.FromSeconds(10));

        var families = await ParseAsync(farm, token);

        Assert.Equal("gauge", Family(families, "kernelagent_build_queue_depth").GetProperty("type").GetString());
        Assert.Equal("counter", Family(families, "kernelagent_builds").GetProperty("type").GetString());
        Assert.Equal("counter", Family(families, "kernelagent_resolves").GetProperty("type").GetString());
        Assert.Equal("histogram", Family(families, "kernelagent_build_duration_seconds").GetProperty("type").GetString());
        Assert.Equal("histogram", Family(families, BuildMetrics.PhaseDurationName).GetProperty("type").GetString());
        Assert.All(families, f => Assert.False(string.IsNullOrWhiteSpace(f.GetProperty("help").GetString()), $"{f.GetProperty("name")} has no HELP"));
        Assert.Contains(
            Family(families, "kernelagent_builds").GetProperty("samples").EnumerateArray(),
            s => s.GetProperty("name").GetString() == "kernelagent_builds_total"
                && s.GetProperty("labels").GetProperty("outcome").GetString() == "succeeded"
                && s.GetProperty("value").GetDouble() == 1);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("a \"quoted\" phase")]
    [InlineData("back\\slash")]
    [InlineData("two\nlines")]
    [InlineData("all \\\" of\n them \\n")]
    public async Task Metrics_LabelValueWithQuotesBackslashesOrNewlines_ParsesBackToTheSameValue(string phase)
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync();
        farm.Service<BuildMetrics>().PhaseFinished(phase, TimeSpan.FromMilliseconds(30));

        var families = await ParseAsync(farm, token);

        var count = Assert.Single(
            Family(families, BuildMetrics.PhaseDurationName).GetProperty("samples").EnumerateArray(),
            s => s.GetProperty("name").GetString() == BuildMetrics.PhaseDurationName + "_count");
        Assert.Equal(phase, count.GetProperty("labels").GetProperty("phase").GetString());
        Assert.Equal(1, count.GetProperty("value").GetDouble());
    }

    private static JsonElement Family(JsonElement[] families, string name) =>
        Assert.Single(families, f => f.GetProperty("name").GetString() == name);

    private static async Task<JsonElement[]> ParseAsync(InProcessFarm farm, CancellationToken token)
    {
        IntegrationRequirement.Require(
            File.Exists(Python) && RunPython("-c", "import prometheus_client").Exit == 0,
            $"{Python} with prometheus_client is missing (Debian package python3-prometheus-client)");
        var exposition = Path.Join(Path.GetTempPath(), $"metrics-{Guid.NewGuid():N}.txt");
        try
        {
            await File.WriteAllTextAsync(exposition, await farm.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative), token), token);
            var (exit, output, error) = RunPython(Path.Join(TestRepository.Root, "tests", "interop", "prometheus_parse.py"), exposition);
            Assert.True(exit == 0, $"the Prometheus parser refused /metrics: {error}\n{await File.ReadAllTextAsync(exposition, token)}");
            return JsonSerializer.Deserialize<JsonElement[]>(output)!;
        }
        finally
        {
            File.Delete(exposition);
        }
    }

    private static (int Exit, string Output, string Error) RunPython(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "python3 did not finish in 30 s");
        return (process.ExitCode, output, error.Result);
    }
}
