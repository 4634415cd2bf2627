using System.Diagnostics;
using System.Globalization;
using KernelAgent.Bench.Farm;

namespace KernelAgent.Bench.Builds;

/// <summary>
/// A cold miss (headers never fetched: an empty headers cache, no kept root) from request to published, phase by
/// phase, on a freshly started farm whose package lists are absent, stale (older than ListsMaxAge, as after a farm
/// was stopped for a day) or fresh. The lists are copied from the shared apt root (the tests'), so only their age
/// differs between the stale and fresh runs. Each total is printed against the goal of issue 15 with the ratio.
/// </summary>
internal static class ColdMissBenchmark
{
    private static readonly (string Name, string Lists, double GoalSeconds)[] Cases =
    [
        ("stale lists (7 h old)", "stale", 15),
        ("fresh lists", "fresh", 10),
        ("no lists (empty apt root)", "none", 15),
    ];

    public static async Task<int> RunAsync(BenchKernel kernel, CancellationToken cancellationToken)
    {
        var results = new List<(string Name, BuildPhases Phases, double Goal)>();
        foreach (var (name, lists, goal) in Cases)
        {
            var folder = Directory.CreateTempSubdirectory("kernelagent-bench-coldmiss-");
            try
            {
                var cache = new BenchCache(folder.FullName);
                await PrepareListsAsync(cache, lists, cancellationToken);
                Console.WriteLine($"== {name}, load {LoadAverage()}");
                await using var farm = await BenchFarm.StartAsync(cache);
                results.Add((name, await BuildPhasesBenchmark.BuildOnceAsync(farm, kernel, 0, cancellationToken), goal));
            }
            finally
            {
                BenchFarm.DeleteTree(folder);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Cold miss of {BenchKernel.DriverName} for {kernel.Release} ({kernel.BuildString}), request to published, load {LoadAverage()}");
        Console.WriteLine("| phase | " + string.Join(" | ", results.Select(r => r.Name + " s")) + " |");
        Console.WriteLine("|---|" + string.Concat(results.Select(_ => "---:|")));
        for (var i = 0; i < BuildPhases.Names.Count; i++)
        {
            Console.WriteLine($"| {BuildPhases.Names[i]} | " + string.Join(" | ", results.Select(r => r.Phases.Values[i].TotalSeconds.ToString("F2", CultureInfo.InvariantCulture))) + " |");
        }

        Console.WriteLine("| goal (issue 15) | " + string.Join(" | ", results.Select(r => r.Goal.ToString("F0", CultureInfo.InvariantCulture))) + " |");
        Console.WriteLine("| total / goal | " + string.Join(" | ", results.Select(r => (r.Phases.Total.TotalSeconds / r.Goal).ToString("F2", CultureInfo.InvariantCulture) + "x")) + " |");
        return 0;
    }

    // The shared apt root holds lists an earlier test or benchmark run fetched; the marker says how old the farm takes them to be.
    private static async Task PrepareListsAsync(BenchCache cache, string lists, CancellationToken cancellationToken)
    {
        if (lists == "none")
        {
            return;
        }

        var shared = BenchCache.Shared.Apt;
        if (!File.Exists(Path.Join(shared, "lists-updated")))
        {
            throw new InvalidOperationException($"No package lists in {shared}: run a Debian header test or `build-phases` once first.");
        }

        using (var copy = Process.Start(new ProcessStartInfo("cp") { ArgumentList = { "-a", shared, cache.Apt } })!)
        {
            await copy.WaitForExitAsync(cancellationToken);
        }

        // apt.conf names its own root: point it at the copy.
        var config = Path.Join(cache.Apt, "etc", "apt", "apt.conf");
        var sharedRoot = Path.GetFullPath(shared).TrimEnd('/') + "/";
        await File.WriteAllTextAsync(config, (await File.ReadAllTextAsync(config, cancellationToken)).Replace(sharedRoot, cache.Apt + "/", StringComparison.Ordinal), cancellationToken);
        // apt's binary cache names the list files by path, so the copy's is stale; a farm's own apt root never moves, so
        // rebuild it here (1.4 s of CPU) rather than on the measured request.
        var gencaches = new ProcessStartInfo("apt-cache") { ArgumentList = { "gencaches" }, Environment = { ["APT_CONFIG"] = config } };
        using (var warm = Process.Start(gencaches)!)
        {
            await warm.WaitForExitAsync(cancellationToken);
        }

        var age = lists == "stale" ? TimeSpan.FromHours(7) : TimeSpan.Zero;
        await File.WriteAllTextAsync(
            Path.Join(cache.Apt, "lists-updated"), (DateTimeOffset.UtcNow - age).ToString("O", CultureInfo.InvariantCulture), cancellationToken);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
