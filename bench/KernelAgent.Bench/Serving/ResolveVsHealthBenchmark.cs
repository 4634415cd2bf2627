using System.Globalization;
using System.Text.Json;
using KernelAgent.Bench.Farm;

namespace KernelAgent.Bench.Serving;

/// <summary>
/// Resolve on a hit against the reference call, grpc.health.v1 Check on the same farm, with the same grpc-js client:
/// at each concurrency level the two alternate (health, Resolve, health, Resolve) so load on the machine falls on both.
/// </summary>
internal static class ResolveVsHealthBenchmark
{
    public static async Task<int> RunAsync(BenchKernel kernel, IReadOnlyList<int> concurrency, int seconds, int rounds, CancellationToken cancellationToken)
    {
        await using var farm = await BenchFarm.StartAsync(BenchCache.Shared);
        Console.WriteLine($"publishing {BenchKernel.DriverName} {BenchKernel.DriverVersion} for {kernel.Release} ...");
        await farm.BuildAsync(kernel.BuildRequest, cancellationToken);
        var request = GrpcJsLoad.Json(kernel.ResolveRequest);
        var rows = new List<string>();
        var errors = 0L;
        var loadBefore = LoadAverage.Read();
        foreach (var callers in concurrency)
        {
            var health = new List<double>();
            var resolve = new List<double>();
            var p99 = (Health: 0.0, Resolve: 0.0);
            var cpu = new Dictionary<string, (double Seconds, double Calls)> { ["health"] = (0, 0), ["resolve"] = (0, 0) };
            for (var round = 0; round < rounds; round++)
            {
                foreach (var method in new[] { "health", "resolve" })
                {
                    var farmCpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
                    var result = await GrpcJsLoad.RunAsync(
                        ["rps", farm.Address, method, Text(callers), Text(seconds), request], TimeSpan.FromSeconds(seconds + 120), cancellationToken);
                    farmCpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - farmCpu;
                    // The warm-up second's calls are not counted: the CPU per call is an upper bound, the same for both sides.
                    cpu[method] = (cpu[method].Seconds + farmCpu.TotalSeconds, cpu[method].Calls + result.GetProperty("calls").GetDouble());
                    var rate = result.GetProperty("calls").GetDouble() / result.GetProperty("seconds").GetDouble();
                    errors += result.GetProperty("errors").GetInt64();
                    (method == "health" ? health : resolve).Add(rate);
                    p99 = method == "health" ? p99 with { Health = Math.Max(p99.Health, P99(result)) } : p99 with { Resolve = Math.Max(p99.Resolve, P99(result)) };
                    Console.WriteLine($"  {callers} callers, {method}: {rate:F0} calls/s");
                }
            }

            var (healthCpu, resolveCpu) = (cpu["health"].Seconds / cpu["health"].Calls * 1e6, cpu["resolve"].Seconds / cpu["resolve"].Calls * 1e6);
            rows.Add($"| {callers} | {health.Average():F0} | {resolve.Average():F0} | {resolve.Average() / health.Average():F2} | {p99.Health:F1} | {p99.Resolve:F1} | {healthCpu:F0} | {resolveCpu:F0} |");
        }

        Console.WriteLine();
        Console.WriteLine($"Resolve hit vs grpc.health.v1 Check, grpc-js client, one channel, {seconds} s x {rounds} alternating rounds per level; load average {loadBefore} -> {LoadAverage.Read()}");
        Console.WriteLine("| callers | health Check calls/s | Resolve calls/s | ratio | health p99 ms | Resolve p99 ms | farm CPU us/call, health | farm CPU us/call, Resolve |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        rows.ForEach(Console.WriteLine);
        Console.WriteLine($"errors: {errors}");
        return errors > 0 ? 1 : 0;
    }

    private static double P99(JsonElement result) => result.GetProperty("p99").GetDouble();

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
