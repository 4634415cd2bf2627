using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using KernelAgent.BuildFarm.Matrix;

namespace KernelAgent.Bench.Matrix;

/// <summary><c>matrix-plan --kernels N</c>: prepares the synthetic catalog and snapshot, then measures a plan in a fresh process.</summary>
internal static class PlanBenchmarkCommand
{
    public static Command Create()
    {
        var kernels = new Option<int>("--kernels") { Description = "Size of the synthetic catalog, e.g. 1000, 10000, 100000.", Required = true };
        var workDirectory = new Option<DirectoryInfo>("--work-dir") { Description = "Folder for the catalog file and the directory store. Default: a temp folder, removed afterwards." };
        var measureOnly = new Option<bool>("--measure-only") { Description = "Measure a prepared --work-dir in this process (the bench runs itself this way)." };
        var command = new Command(
            "matrix-plan",
            "Plan a synthetic catalog of N kernels against yesterday's snapshot (1% new kernels, 1% changed header packages): the time to read " +
            "the catalog and to plan (read the snapshot, select, key, diff) and the peak resident memory, measured in a fresh process.")
        {
            kernels, workDirectory, measureOnly,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var count = parseResult.GetRequiredValue(kernels);
            var chosen = parseResult.GetValue(workDirectory);
            if (count < 1 || (parseResult.GetValue(measureOnly) && chosen is null))
            {
                Console.Error.WriteLine("matrix-plan: --kernels must be at least 1, and --measure-only needs --work-dir");
                return 2;
            }

            if (parseResult.GetValue(measureOnly))
            {
                try
                {
                    Print(await PlanBenchmark.MeasureAsync(chosen!.FullName, cancellationToken));
                    return 0;
                }
                catch (MatrixDocumentException e)
                {
                    Console.Error.WriteLine($"matrix-plan: {e.Message}");
                    return 2;
                }
            }

            var folder = chosen?.FullName ?? Directory.CreateTempSubdirectory("kernelagent-matrix-bench-").FullName;
            try
            {
                Directory.CreateDirectory(folder);
                await PlanBenchmark.PrepareAsync(count, folder, TimeProvider.System, cancellationToken);
                return await MeasureInFreshProcessAsync(count, folder, cancellationToken);
            }
            finally
            {
                if (chosen is null)
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        });
        return command;
    }

    // This same program again, so the measured process's peak memory is the plan's own.
    private static async Task<int> MeasureInFreshProcessAsync(int count, string folder, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet");
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(typeof(PlanBenchmarkCommand).Assembly.Location);
        }

        foreach (var argument in (string[])["matrix-plan", "--kernels", count.ToString(CultureInfo.InvariantCulture), "--work-dir", folder, "--measure-only"])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode;
    }

    private static void Print(PlanBenchmarkResult r)
    {
        static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture);
        static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);
        Console.WriteLine($"matrix-plan: {r.Kernels} kernels, 1 driver; previous snapshot {r.SnapshotEntries} entries");
        Console.WriteLine($"  catalog file   {Megabytes(r.CatalogBytes)} MB, snapshot {Megabytes(r.SnapshotBytes)} MB");
        Console.WriteLine($"  read catalog   {Seconds(r.LoadCatalog)} s wall, {Seconds(r.LoadCatalogProcessorTime)} s CPU");
        Console.WriteLine($"  plan           {Seconds(r.Plan)} s wall, {Seconds(r.ProcessorTime - r.LoadCatalogProcessorTime)} s CPU: read the snapshot, select, key, diff (added {r.Added}, changed {r.Changed}, retired {r.Retired}, unchanged {r.Unchanged})");
        Console.WriteLine($"  total          {Seconds(r.Total)} s wall, {Seconds(r.ProcessorTime)} s CPU (all threads)");
        Console.WriteLine($"  plan again     {Seconds(r.WarmPlan)} s wall, {Seconds(r.WarmPlanProcessorTime)} s CPU (same process: code compiled, catalog in memory)");
        Console.WriteLine($"  peak memory    {Megabytes(r.PeakResidentBytes)} MB resident ({Megabytes(r.ResidentAtStart)} MB before reading), {Megabytes(r.AllocatedBytes)} MB allocated");
    }
}
