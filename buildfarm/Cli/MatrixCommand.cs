using System.CommandLine;
using System.Globalization;
using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Demand;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Roots;
using KernelAgent.BuildFarm.Matrix;
using KernelAgent.BuildFarm.Matrix.Apply;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Matrix.Planning;
using KernelAgent.BuildFarm.Matrix.Policy;
using KernelAgent.BuildFarm.Matrix.Scheduling;
using KernelAgent.Store.Backends;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Cli;

/// <summary>
/// <c>kernel-buildfarm matrix plan|apply</c>: the support matrix a policy gives over the catalog, diffed
/// against the last published snapshot; applying builds only what changed, in chunks.
/// </summary>
internal static class MatrixCommand
{
    public static Command Create()
    {
        var matrix = new Command("matrix", "The prebuild matrix: plan it from a support policy, apply the plan, and see what the prebuild loop has covered.");
        matrix.Subcommands.Add(CreatePlanOrApply(apply: false));
        matrix.Subcommands.Add(CreatePlanOrApply(apply: true));
        matrix.Subcommands.Add(MatrixStatusCommand.Create());
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
                "(v1/audit/<policy>/<run>/) and the new snapshot (v1/snapshots/<policy>/<id>.json.gz; earlier ones are kept). Exit code 1 when a build failed.")
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
                var session = await host.Services.GetRequiredService<MatrixSession>().PlanAsync(
                    SupportPolicyParser.Load(parseResult.GetRequiredValue(policy).FullName),
                    parseResult.GetValue(catalog) is { } catalogFile ? CatalogFile.Load(catalogFile.FullName) : null,
                    cancellationToken);
                var plan = session.Plan;
                foreach (var warning in session.CrawlWarnings)
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

                return apply ? await ApplyAsync(host, session, parseResult.GetValue(chunkSize), stdout, cancellationToken) : 0;
            }
            catch (Exception e) when (e is PolicyValidationException or MatrixDocumentException or DemandDocumentException or MatrixPlanException or ArgumentOutOfRangeException)
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

    private static async Task<int> ApplyAsync(IHost host, SessionPlan session, int chunkSize, TextWriter stdout, CancellationToken cancellationToken)
    {
        var plan = session.Plan;
        // The serving farm's prebuild loop takes the same lock: two runs of one state folder would race on its snapshots.
        var lockFile = TickLock.PathIn(host.Services.GetRequiredService<IOptions<State.FarmStateOptions>>().Value.StateDirectory);
        using var held = TickLock.TryAcquire(lockFile);
        if (held is null)
        {
            await stdout.WriteLineAsync($"another prebuild run holds {lockFile} (the serving farm's prebuild loop?); try again when it has ended");
            return 1;
        }

        // The coordinator's workers run as hosted services: start them for the run, stop them after.
        await host.StartAsync(cancellationToken);
        try
        {
            // A run of hundreds of builds takes minutes to hours: one line per finished entry shows it moving.
            var progress = new SynchronousProgress<ApplyProgress>(p => stdout.WriteLine(
                $"[{p.Done}/{p.Total} {p.Elapsed.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)} s] {Word(p.Result.Outcome)} {p.Result.Entry}"));
            var result = await host.Services.GetRequiredService<IMatrixApplier>()
                .ApplyAsync(plan, new ApplyOptions { ChunkSize = chunkSize, Progress = progress, Demand = session.Demand }, cancellationToken);
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
}
