using System.CommandLine;
using System.Globalization;
using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Roots;
using KernelAgent.BuildFarm.Matrix;
using KernelAgent.BuildFarm.Matrix.Apply;
using KernelAgent.BuildFarm.Matrix.Benchmark;
using KernelAgent.BuildFarm.Matrix.Planning;
using KernelAgent.BuildFarm.Matrix.Policy;
using KernelAgent.Store.Backends;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Cli;

/// <summary>
/// <c>kernel-buildfarm matrix plan|apply|bench</c>: the support matrix a policy gives over the catalog, diffed
/// against the last published snapshot; applying builds only what changed, in chunks.
/// </summary>
internal static class MatrixCommand
{
    public static Command Create()
    {
        var matrix = new Command("matrix", "The prebuild matrix: plan it from a support policy, apply the plan, benchmark the planner.");
        matrix.Subcommands.Add(CreatePlanOrApply(apply: false));
        matrix.Subcommands.Add(CreatePlanOrApply(apply: true));
        matrix.Subcommands.Add(CreateBench());
        return matrix;
    }

    private static Command CreatePlanOrApply(bool apply)
    {
        var farm = new FarmHostOptions();
        var policy = new Option<FileInfo>("--policy") { Description = "The support policy (JSON, docs/catalog-format.md).", Required = true };
        var catalog = new Option<FileInfo>("--catalog") { Description = "A catalog from 'catalog crawl'. Default: crawl now (build strings only for what the policy includes)." };
        var json = new Option<bool>("--json") { Description = "Print the plan as JSON instead of text." };
        var list = new Option<bool>("--no-list") { Description = "Print only the counts, not one line per added, changed and retired entry." };
        var chunkSize = new Option<int>("--chunk-size") { Description = "Entries queued at once; the next chunk starts when this one has ended. Default 16.", DefaultValueFactory = _ => 16 };
        var command = apply
            ? new Command(
                "apply",
                "Plan, then build the added and changed entries through the farm's build coordinator in chunks, write an audit record per entry " +
                "(v1/audit/<policy>/<run>/) and the new snapshot (v1/snapshots/<policy>/<id>.snap; earlier ones are kept). Exit code 1 when a build failed.")
            { policy, catalog, list, chunkSize }
            : new Command(
                "plan",
                "Print the diff of the matrix the policy gives today against the policy's last published snapshot: added, changed (with the " +
                "reason), retired and unchanged entries. Changes nothing.")
            { policy, catalog, json, list };
        farm.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var name = apply ? "apply" : "plan";
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            try
            {
                using var host = farm.BuildHost(parseResult);
                var (plan, crawlWarnings) = await new MatrixSession(host.Services)
                    .PlanAsync(parseResult.GetRequiredValue(policy).FullName, parseResult.GetValue(catalog)?.FullName, cancellationToken);
                foreach (var warning in crawlWarnings)
                {
                    await stderr.WriteLineAsync($"! catalog: {warning}");
                }

                if (!apply && parseResult.GetValue(json))
                {
                    await using var standardOutput = Console.OpenStandardOutput();
                    PlanPrinter.WriteJson(standardOutput, plan);
                    return 0;
                }

                PlanPrinter.WriteText(stdout, plan, !parseResult.GetValue(list));
                if (apply && KeptRootsAdvice.For(host.Services.GetRequiredService<IOptions<HeaderRootsOptions>>().Value.Keep, plan) is { } rootsWarning)
                {
                    await stderr.WriteLineAsync(rootsWarning);
                }

                return apply ? await ApplyAsync(host, plan, parseResult.GetValue(chunkSize), stdout, cancellationToken) : 0;
            }
            catch (Exception e) when (e is PolicyValidationException or MatrixDocumentException or MatrixPlanException or ArgumentOutOfRangeException)
            {
                await stderr.WriteLineAsync($"kernel-buildfarm matrix {name}: {e.Message}");
                return 2;
            }
            catch (Exception e) when (e is StoreException or HeaderSourceException or ExternalToolException or IOException or UnauthorizedAccessException)
            {
                await stderr.WriteLineAsync($"kernel-buildfarm matrix {name}: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static async Task<int> ApplyAsync(IHost host, MatrixPlan plan, int chunkSize, TextWriter stdout, CancellationToken cancellationToken)
    {
        // The coordinator's workers run as hosted services: start them for the run, stop them after.
        await host.StartAsync(cancellationToken);
        try
        {
            // A run of hundreds of builds takes minutes to hours: one line per finished entry shows it moving.
            var progress = new SynchronousProgress<ApplyProgress>(p => stdout.WriteLine(
                $"[{p.Done}/{p.Total} {p.Elapsed.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)} s] {Word(p.Result.Outcome)} {p.Result.Entry}"));
            var result = await host.Services.GetRequiredService<IMatrixApplier>()
                .ApplyAsync(plan, new ApplyOptions { ChunkSize = chunkSize, Progress = progress }, cancellationToken);
            foreach (var failed in result.Entries.Where(e => e.Outcome is EntryOutcome.Failed or EntryOutcome.Cancelled))
            {
                await stdout.WriteLineAsync($"x {failed.Entry}: {failed.Message}");
            }

            await stdout.WriteLineAsync(
                $"run {result.RunId}: published {result.Count(EntryOutcome.Published)} ({result.Entries.Count(e => e.SupersededAttestation is not null)} superseding), already published {result.Count(EntryOutcome.AlreadyPublished)}, " +
                $"failed {result.Count(EntryOutcome.Failed) + result.Count(EntryOutcome.Cancelled)}, retired {result.Count(EntryOutcome.Retired)} " +
                $"in {result.Duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s; " +
                (result.SnapshotKey is null ? "no change, no new snapshot" : $"snapshot {result.SnapshotKey} ({result.SnapshotEntries} entries)"));
            return result.Entries.Any(e => e.Outcome is EntryOutcome.Failed or EntryOutcome.Cancelled) ? 1 : 0;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static string Word(EntryOutcome outcome) => outcome switch
    {
        EntryOutcome.Published => "published",
        EntryOutcome.AlreadyPublished => "already published",
        EntryOutcome.Cancelled => "cancelled",
        EntryOutcome.Failed => "FAILED",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    private static Command CreateBench()
    {
        var kernels = new Option<int>("--kernels") { Description = "Size of the synthetic catalog, e.g. 1000, 10000, 100000.", Required = true };
        var workDirectory = new Option<DirectoryInfo>("--work-dir") { Description = "Folder for the catalog file and the directory store. Default: a temp folder, removed afterwards." };
        var measureOnly = new Option<bool>("--measure-only") { Description = "Measure a prepared --work-dir in this process (the bench runs itself this way).", Hidden = true };
        var bench = new Command(
            "bench",
            "Plan a synthetic catalog of N kernels against yesterday's snapshot (1% new kernels, 1% changed header packages) and print the time " +
            "to read the catalog and to plan (select, key, read the snapshot, diff) and the peak resident memory. The files are prepared first; " +
            "the measurement runs in a fresh process so that its peak memory is its own.")
        {
            kernels, workDirectory, measureOnly,
        };
        bench.SetAction(async (parseResult, cancellationToken) =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            var count = parseResult.GetRequiredValue(kernels);
            var chosen = parseResult.GetValue(workDirectory);
            if (count < 1 || (parseResult.GetValue(measureOnly) && chosen is null))
            {
                await stderr.WriteLineAsync("kernel-buildfarm matrix bench: --kernels must be at least 1, and --measure-only needs --work-dir");
                return 2;
            }

            if (parseResult.GetValue(measureOnly))
            {
                try
                {
                    await PrintAsync(stdout, await PlanBenchmark.MeasureAsync(chosen!.FullName, cancellationToken));
                    return 0;
                }
                catch (MatrixDocumentException e)
                {
                    await stderr.WriteLineAsync($"kernel-buildfarm matrix bench: {e.Message}");
                    return 2;
                }
            }

            var folder = chosen?.FullName ?? Directory.CreateTempSubdirectory("kernel-buildfarm-matrix-bench-").FullName;
            try
            {
                Directory.CreateDirectory(folder);
                await PlanBenchmark.PrepareAsync(count, folder, TimeProvider.System, cancellationToken);
                var result = await new ProcessRunner(TimeProvider.System).RunAsync(
                    SelfInvocation(["matrix", "bench", "--kernels", count.ToString(CultureInfo.InvariantCulture), "--work-dir", folder, "--measure-only"]),
                    cancellationToken);
                await (result.Succeeded ? stdout : stderr).WriteLineAsync(string.Join('\n', result.OutputLines));
                return result.Succeeded ? 0 : 1;
            }
            finally
            {
                if (chosen is null)
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        });
        return bench;
    }

    // This same program again: the apphost, or "dotnet <dll>" when started that way.
    private static ProcessInvocation SelfInvocation(IReadOnlyList<string> arguments)
    {
        var program = Environment.ProcessPath ?? "dotnet";
        var viaHost = Path.GetFileNameWithoutExtension(program) == "dotnet";
        return new ProcessInvocation(program, viaHost ? [typeof(MatrixCommand).Assembly.Location, .. arguments] : arguments, TimeSpan.FromMinutes(30));
    }

    private static async Task PrintAsync(TextWriter stdout, PlanBenchmarkResult r)
    {
        static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture);
        static string Megabytes(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);
        await stdout.WriteLineAsync($"matrix bench: {r.Kernels} kernels, 1 driver; previous snapshot {r.SnapshotEntries} entries");
        await stdout.WriteLineAsync($"  catalog file   {Megabytes(r.CatalogBytes)} MB, snapshot {Megabytes(r.SnapshotBytes)} MB");
        await stdout.WriteLineAsync($"  read catalog   {Seconds(r.LoadCatalog)} s wall, {Seconds(r.LoadCatalogProcessorTime)} s CPU");
        await stdout.WriteLineAsync($"  plan           {Seconds(r.Plan)} s wall, {Seconds(r.ProcessorTime - r.LoadCatalogProcessorTime)} s CPU: select, key, read the snapshot, diff (added {r.Added}, changed {r.Changed}, retired {r.Retired}, unchanged {r.Unchanged})");
        await stdout.WriteLineAsync($"  total          {Seconds(r.Total)} s wall, {Seconds(r.ProcessorTime)} s CPU (all threads)");
        await stdout.WriteLineAsync($"  plan again     {Seconds(r.WarmPlan)} s wall, {Seconds(r.WarmPlanProcessorTime)} s CPU (same process: code compiled, catalog in memory)");
        await stdout.WriteLineAsync($"  peak memory    {Megabytes(r.PeakResidentBytes)} MB resident ({Megabytes(r.ResidentAtStart)} MB before reading), {Megabytes(r.AllocatedBytes)} MB allocated");
    }
}
