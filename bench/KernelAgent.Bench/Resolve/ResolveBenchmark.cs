using System.Diagnostics;
using Grpc.Core;
using KernelAgent.Bench.Farm;
using KernelAgent.Protocol.V1;

namespace KernelAgent.Bench.Resolve;

/// <summary>
/// Resolve on a hit: one real build publishes the sample driver, then N callers each call Resolve in a loop over one
/// HTTP/2 channel for a fixed window. Client and farm share this machine.
/// </summary>
internal static class ResolveBenchmark
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(BenchKernel kernel, IReadOnlyList<int> concurrency, TimeSpan window, CancellationToken cancellationToken)
    {
        await using var farm = await BenchFarm.StartAsync(BenchCache.Shared);
        Console.WriteLine($"publishing {BenchKernel.DriverName} {BenchKernel.DriverVersion} for {kernel.Release} ({kernel.BuildString}) ...");
        var artifact = (await farm.BuildAsync(kernel.BuildRequest, cancellationToken))[^1].Succeeded.Artifact;
        var moduleBytes = new FileInfo(Path.Join(farm.StateDirectory, "store", artifact.ModuleKey)).Length;
        var request = kernel.ResolveRequest;
        var results = new List<LatencySummary>();
        foreach (var callers in concurrency)
        {
            await MeasureAsync(farm.Client, request, callers, WarmUp, cancellationToken);
            var summary = await MeasureAsync(farm.Client, request, callers, window, cancellationToken);
            results.Add(summary);
            Console.WriteLine($"  {callers} callers: {summary.PerSecond:F0} req/s");
        }

        Console.WriteLine();
        Console.WriteLine($"Resolve (hit, module {moduleBytes / 1024} KiB) over HTTP/2 loopback, {window.TotalSeconds:F0} s per level, {Environment.ProcessorCount} cores shared by client and farm");
        Console.WriteLine("| concurrent callers | requests/s | p50 ms | p99 ms | max ms | calls | errors |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine($"| {r.Callers} | {r.PerSecond:F0} | {r.P50.TotalMilliseconds:F2} | {r.P99.TotalMilliseconds:F2} | {r.Max.TotalMilliseconds:F1} | {r.Calls} | {r.Errors} |");
        }

        return results.Any(r => r.Errors > 0) ? 1 : 0;
    }

    private static async Task<LatencySummary> MeasureAsync(
        KernelAgent.Protocol.V1.BuildFarm.BuildFarmClient client, ResolveRequest request, int callers, TimeSpan window, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var errors = 0L;
        var perCaller = await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<TimeSpan>();
            while (clock.Elapsed < window)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var response = await client.ResolveAsync(request, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancellationToken);
                    if (response.Found)
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(started));
                        continue;
                    }
                }
                catch (RpcException)
                {
                }

                Interlocked.Increment(ref errors);
            }

            return latencies;
        }, cancellationToken)));
        var elapsed = clock.Elapsed;
        return LatencySummary.From(callers, elapsed, errors, [.. perCaller.SelectMany(l => l)]);
    }
}
