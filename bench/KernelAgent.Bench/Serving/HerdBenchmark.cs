using System.Globalization;
using System.Text.Json;
using KernelAgent.Bench.Farm;

namespace KernelAgent.Bench.Serving;

/// <summary>
/// A herd: many Build calls at once for one new variant (a kernel released a minute ago), from a grpc-js client over
/// one connection and over many. Each caller's wait is from its call to its stream's end; the build's own time is the
/// farm's (the Succeeded event's duration). The reference is the same build with one caller, before and after. The
/// herd's callers can be spread over several client processes (each with its own connections), so the client's own CPU
/// is not the wait.
/// </summary>
internal static class HerdBenchmark
{
    public static async Task<int> RunAsync(
        BenchKernel kernel, int callers, IReadOnlyList<int> connections, IReadOnlyList<int> clientProcesses, CancellationToken cancellationToken)
    {
        // One variant per run (the driver's extra versions): every build after the first is warm (headers root kept).
        var runs = (connections.Count * clientProcesses.Count) + 2;
        await using var farm = await BenchFarm.StartAsync(BenchCache.Shared, extraDriverVersions: runs);
        Console.WriteLine($"warming up: {BenchKernel.DriverName} {BenchKernel.DriverVersion} for {kernel.Release} ...");
        await farm.BuildAsync(kernel.BuildRequest, cancellationToken);
        var loadBefore = LoadAverage.Read();
        var rows = new List<string>();
        var errors = 0L;
        var version = 1;
        rows.Add(await RunOneAsync(farm, kernel, version++, 1, 1, "alone (before)", cancellationToken));
        foreach (var processes in clientProcesses)
        {
            foreach (var count in connections)
            {
                var (row, failed) = await HerdAsync(farm, kernel, version++, count, callers, processes, cancellationToken);
                rows.Add(row);
                errors += failed;
            }
        }

        rows.Add(await RunOneAsync(farm, kernel, version, 1, 1, "alone (after)", cancellationToken));
        Console.WriteLine();
        Console.WriteLine($"Herd: {callers} concurrent Build calls for one new variant, grpc-js client; load average {loadBefore} -> {LoadAverage.Read()}");
        Console.WriteLine("| callers | connections | client processes | build s | first event p50 / p99 s | wait - build p50 s | wait - build p99 s | farm CPU s | client CPU s | errors |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        rows.ForEach(Console.WriteLine);
        return errors > 0 ? 1 : 0;
    }

    private static async Task<string> RunOneAsync(BenchFarm farm, BenchKernel kernel, int version, int connections, int callers, string label, CancellationToken cancellationToken) =>
        (await HerdAsync(farm, kernel, version, connections, callers, 1, cancellationToken, label)).Row;

    private static async Task<(string Row, long Errors)> HerdAsync(
        BenchFarm farm, BenchKernel kernel, int version, int connections, int callers, int processes, CancellationToken cancellationToken, string? label = null)
    {
        var request = GrpcJsLoad.Json(kernel.BuildRequestFor(version));
        var farmCpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var result = await GrpcJsLoad.RunAsync(
            ["herd", farm.Address, Text(connections), Text(callers), request, Text(processes)], TimeSpan.FromMinutes(20), cancellationToken);
        farmCpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - farmCpu;
        var build = result.GetProperty("buildSeconds").ValueKind == JsonValueKind.Number ? result.GetProperty("buildSeconds").GetDouble() : double.NaN;
        var waits = Seconds(result.GetProperty("waits"));
        var firsts = Seconds(result.GetProperty("firsts"));
        var errors = result.GetProperty("errors").GetInt64();
        if (errors > 0)
        {
            Console.WriteLine($"  {errors} calls failed, the first: {result.GetProperty("firstError").GetString()}");
        }

        var row = $"| {label ?? Text(callers)} | {result.GetProperty("connections").GetInt32()} | {processes} | {build:F2} | {Percentile(firsts, 0.5):F2} / {Percentile(firsts, 0.99):F2} | " +
            $"{Percentile(waits, 0.5) - build:F2} | {Percentile(waits, 0.99) - build:F2} | {farmCpu.TotalSeconds:F1} | {result.GetProperty("clientCpuSeconds").GetDouble():F1} | {errors} |";
        Console.WriteLine("  " + row);
        return (row, errors);
    }

    private static double[] Seconds(JsonElement milliseconds) => [.. milliseconds.EnumerateArray().Select(e => e.GetDouble() / 1000)];

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * p))];

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
