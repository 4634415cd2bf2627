using KernelAgent.Bench.Farm;
using KernelAgent.BuildFarm.Builds;

namespace KernelAgent.Bench.Builds;

/// <summary>
/// One real build cold (a fresh farm with an empty headers cache and an empty apt root: lists and .debs are
/// downloaded, the sandbox is probed) and then warm (the same farm builds the driver's next version for the same
/// kernel: packages cached), phase by phase.
/// </summary>
internal static class BuildPhasesBenchmark
{
    public static async Task<int> RunAsync(BenchKernel kernel, CancellationToken cancellationToken)
    {
        var cold = Directory.CreateTempSubdirectory("kernelagent-bench-cold-");
        try
        {
            var cache = new BenchCache(cold.FullName);
            BuildPhases coldPhases, warmPhases;
            IReadOnlyDictionary<string, double> afterCold, afterWarm;
            await using (var farm = await BenchFarm.StartAsync(cache, extraDriverVersions: 1))
            {
                coldPhases = await BuildOnceAsync(farm, kernel, 0, cancellationToken);
                afterCold = await farm.PhaseSecondsAsync(cancellationToken);
                warmPhases = await BuildOnceAsync(farm, kernel, 1, cancellationToken);
                afterWarm = await farm.PhaseSecondsAsync(cancellationToken);
            }

            Console.WriteLine();
            Console.WriteLine($"One build of {BenchKernel.DriverName} for {kernel.Release} ({kernel.Machine}, {kernel.BuildString}), from the build's event timestamps");
            Console.WriteLine("| phase | cold s | warm s |");
            Console.WriteLine("|---|---:|---:|");
            for (var i = 0; i < BuildPhases.Names.Count; i++)
            {
                Console.WriteLine($"| {BuildPhases.Names[i]} | {coldPhases.Values[i].TotalSeconds:F2} | {warmPhases.Values[i].TotalSeconds:F2} |");
            }

            Console.WriteLine($"(packages downloaded: cold {coldPhases.PackagesDownloaded}, warm {warmPhases.PackagesDownloaded})");
            Console.WriteLine();
            Console.WriteLine("The farm's own phase timings (kernelagent_build_phase_duration_seconds at /metrics)");
            Console.WriteLine("| phase | cold s | warm s |");
            Console.WriteLine("|---|---:|---:|");
            string[] order = [BuildPhase.Source, BuildPhase.Headers, BuildPhase.Compile, BuildPhase.KernelSigning, BuildPhase.AttestationSigning, BuildPhase.Publish];
            foreach (var phase in order.Where(afterCold.ContainsKey))
            {
                Console.WriteLine($"| {phase} | {afterCold[phase]:F3} | {afterWarm.GetValueOrDefault(phase) - afterCold[phase]:F3} |");
            }

            return 0;
        }
        finally
        {
            BenchFarm.DeleteTree(cold);
        }
    }

    /// <summary>A build of driver version <see cref="BenchKernel.DriverVersionNumber"/>(<paramref name="driverVersion"/>).</summary>
    public static async Task<BuildPhases> BuildOnceAsync(BenchFarm farm, BenchKernel kernel, int driverVersion, CancellationToken cancellationToken)
    {
        var phases = BuildPhases.From(await farm.BuildAsync(kernel.BuildRequestFor(driverVersion), cancellationToken));
        Console.WriteLine($"  build: {phases.Total.TotalSeconds:F2} s (compile {phases.Compile.TotalSeconds:F2} s, {phases.PackagesDownloaded} packages downloaded)");
        return phases;
    }
}
