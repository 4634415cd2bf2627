using KernelAgent.BuildFarm.Builds;
using KernelAgent.BuildFarm.Matrix.Planning;
using KernelAgent.BuildFarm.Matrix.Snapshots;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Backends;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Matrix.Apply;

/// <summary>
/// Queues the plan's added and changed entries in chunks through <see cref="IBuildCoordinator"/> (so a prebuild
/// and an agent's on-demand request for the same variant share one build), waits for each chunk to end, writes an
/// audit record per entry, then writes the new snapshot. A failed entry keeps its previous state in the snapshot
/// (an added one stays out), so the next plan tries it again; retired entries leave the snapshot, their artifacts stay.
/// </summary>
internal sealed class MatrixApplier(
    IBuildCoordinator coordinator, ISnapshotStore snapshots, IArtifactStore store, TimeProvider time, ILogger<MatrixApplier> logger) : IMatrixApplier
{
    private readonly AuditLog _audit = new(store);

    public async Task<ApplyResult> ApplyAsync(MatrixPlan plan, ApplyOptions options, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ChunkSize, 1);
        var started = time.GetTimestamp();
        var snapshotId = SnapshotStore.NewId(time.GetUtcNow());
        var runId = "run-" + snapshotId;
        var results = new List<EntryResult>();
        var work = DemandOrder.Sort(plan.Added.Concat(plan.Changed).Where(c => !options.Deferred.Contains(c.Entry.Id)), options.Demand);
        var chunks = work.Chunk(options.ChunkSize).ToList();
        var done = 0;
        void Report(EntryResult result) =>
            options.Progress?.Report(new ApplyProgress(result, Interlocked.Increment(ref done), work.Count, time.GetElapsedTime(started)));
        for (var i = 0; i < chunks.Count; i++)
        {
            MatrixLog.ChunkQueued(logger, runId, i + 1, chunks.Count, chunks[i].Length);
            var queued = new List<(PlannedChange Change, BuildRequestOutcome Outcome)>();
            foreach (var change in chunks[i])
            {
                queued.Add((change, await StartAsync(change, $"{options.RequestedBy} ({plan.Policy.Name} {runId})", runId, cancellationToken)));
            }

            var finished = await Task.WhenAll(queued.Select(async q =>
            {
                var ended = await WaitAsync(q.Change, q.Outcome, runId, cancellationToken);
                Report(ended.Result);
                return ended;
            }));
            await Task.WhenAll(finished.Select(f => _audit.WriteAsync(Record(plan, runId, snapshotId, f.Change, f.Result), cancellationToken)));
            results.AddRange(finished.Select(f => f.Result));
        }

        foreach (var retired in plan.Retired)
        {
            var result = new EntryResult(retired.Entry, EntryOutcome.Retired, null, ReasonText.Of(retired.Reason));
            await _audit.WriteAsync(Record(plan, runId, snapshotId, null, result, retired), cancellationToken);
            results.Add(result);
        }

        // Nothing built or retired (every change deferred to its retry): the snapshot would equal the previous one.
        if (plan.IsEmpty || (work.Count == 0 && plan.Retired.Count == 0 && plan.Previous?.PolicyDigest == plan.Policy.Digest))
        {
            return new ApplyResult(runId, null, plan.PreviousEntries, results, time.GetElapsedTime(started));
        }

        var snapshot = Compose(plan, snapshotId, runId, results, options.Deferred);
        var key = await snapshots.WriteAsync(snapshot, cancellationToken);
        MatrixLog.SnapshotWritten(logger, runId, key, snapshot.Entries.Count);
        return new ApplyResult(runId, key, snapshot.Entries.Count, results, time.GetElapsedTime(started));
    }

    private async Task<BuildRequestOutcome> StartAsync(PlannedChange change, string requestedBy, string runId, CancellationToken cancellationToken)
    {
        var variant = change.Entry.ToVariant();
        var buildKey = change.Entry.BuildKey;
        var request = Supersedes(change) ? VariantBuildRequest.Rebuild(variant, requestedBy, buildKey) : VariantBuildRequest.OnDemand(variant, requestedBy, buildKey);
        while (true)
        {
            try
            {
                return await coordinator.StartOrJoinAsync(request, cancellationToken);
            }
            catch (BuildQueueFullException e)
            {
                // The farm also serves agents: a full queue means wait, not fail the run.
                MatrixLog.QueueFull(logger, runId, variant.ToString(), e.RetryAfter.TotalSeconds);
                await Task.Delay(e.RetryAfter, time, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Whether the entry's published artifact, if any, must be rebuilt: the same variant (no driver version bump)
    /// with other header packages, toolchain or driver source. A new variant is published at most on demand, from
    /// current inputs, and is left alone.
    /// </summary>
    internal static bool Supersedes(PlannedChange change) =>
        change.Previous is not null
        && !change.Reasons.HasFlag(ChangeReasons.DriverVersionBump)
        && (change.Reasons & (ChangeReasons.HeaderPackageChanged | ChangeReasons.ToolchainChanged | ChangeReasons.DriverSourceChanged)) != 0;

    private async Task<(PlannedChange Change, EntryResult Result)> WaitAsync(PlannedChange change, BuildRequestOutcome outcome, string runId, CancellationToken cancellationToken)
    {
        var job = outcome.Job;
        await foreach (var _ in job.WatchAsync(0, cancellationToken))
        {
            // Only the end matters here; the build's own events go to its log and metrics.
        }

        var result = job.State switch
        {
            BuildState.Succeeded when outcome.Kind == BuildRequestKind.AlreadyPublished || job.Artifact is null =>
                new EntryResult(change.Entry, EntryOutcome.AlreadyPublished, job.Id, "already published; nothing built"),
            BuildState.Succeeded when job.SupersededAttestationKey is { } kept => new EntryResult(
                change.Entry, EntryOutcome.Published, job.Id,
                $"superseded the build of build key {job.SupersededBuildKey ?? change.Previous?.BuildKey ?? "unknown"}; its attestation is kept at {kept}")
            {
                SupersededAttestation = kept,
                SupersededBuildKey = job.SupersededBuildKey,
            },
            BuildState.Succeeded => new EntryResult(change.Entry, EntryOutcome.Published, job.Id, job.Artifact?.AttestationKey),
            BuildState.Cancelled => new EntryResult(change.Entry, EntryOutcome.Cancelled, job.Id, "cancelled"),
            _ => new EntryResult(change.Entry, EntryOutcome.Failed, job.Id, job.Failure is { } f ? $"{f.Reason}: {f.Message}" : "failed"),
        };
        MatrixLog.EntryFinished(logger, runId, change.Entry.ToString(), result.Outcome.ToString(), result.Message is null ? "" : $" ({result.Message})");
        return (change, result);
    }

    private MatrixSnapshot Compose(MatrixPlan plan, string snapshotId, string runId, List<EntryResult> results, IReadOnlySet<string> deferred)
    {
        var failed = results.Where(r => r.Outcome is EntryOutcome.Failed or EntryOutcome.Cancelled).Select(r => r.Entry.Id).ToHashSet();
        failed.UnionWith(deferred);
        var previousOf = plan.Changed.ToDictionary(c => c.Entry.Id, c => c.Previous!);
        var entries = new List<MatrixEntry>(plan.Entries.Count);
        foreach (var entry in plan.Entries)
        {
            if (!failed.Contains(entry.Id))
            {
                entries.Add(entry);
            }
            else if (previousOf.TryGetValue(entry.Id, out var previous))
            {
                entries.Add(previous);
            }
        }

        // A failed change keeps its previous entry, which may name a toolchain of the previous snapshot.
        var named = entries.Select(e => e.Inputs.Toolchain).ToHashSet();
        var toolchains = new Dictionary<string, string>(plan.Toolchains.Where(t => named.Contains(t.Key)), StringComparer.Ordinal);
        foreach (var (digest, description) in plan.Previous?.Toolchains ?? new Dictionary<string, string>())
        {
            if (named.Contains(digest))
            {
                toolchains.TryAdd(digest, description);
            }
        }

        var header = new SnapshotHeader(snapshotId, plan.Policy.Name, time.GetUtcNow(), plan.Previous?.Id, runId, plan.Policy.CanonicalJson, toolchains);
        return new MatrixSnapshot(header, entries);
    }

    private AuditRecord Record(MatrixPlan plan, string runId, string snapshotId, PlannedChange? change, EntryResult result, RetiredEntry? retired = null)
    {
        var entry = result.Entry;
        var k = entry.Kernel;
        return new AuditRecord
        {
            Run = runId,
            Policy = plan.Policy.Name,
            Snapshot = snapshotId,
            PreviousSnapshot = plan.Previous?.Id,
            EntryId = entry.Id,
            Action = retired is null ? "build" : "retire",
            Reasons = retired is null ? ReasonText.Of(change!.Reasons) : [ReasonText.Of(retired.Reason)],
            Source = entry.Source == EntrySource.Demand ? "demand" : "policy",
            Variant = new AuditVariant(k.DistroId, k.DistroVersionId, k.Arch, k.KernelRelease, k.KernelVersion, entry.Driver.Name, entry.Driver.Version),
            VariantKey = entry.VariantKey,
            BuildKey = entry.BuildKey,
            PreviousBuildKey = change?.Previous?.BuildKey,
            SupersededAttestation = result.SupersededAttestation,
            SupersededBuildKey = result.SupersededBuildKey,
            HeadersDigest = entry.Inputs.Headers,
            DriverSourceDigest = entry.Inputs.DriverSource,
            Toolchain = plan.Toolchains.GetValueOrDefault(entry.Inputs.Toolchain) ?? plan.Previous?.Toolchains.GetValueOrDefault(entry.Inputs.Toolchain) ?? entry.Inputs.Toolchain,
            Outcome = result.Outcome switch
            {
                EntryOutcome.Published => "published",
                EntryOutcome.AlreadyPublished => "already-published",
                EntryOutcome.Failed => "failed",
                EntryOutcome.Cancelled => "cancelled",
                _ => "retired",
            },
            BuildId = result.BuildId,
            Message = result.Message,
            RecordedAt = time.GetUtcNow(),
        };
    }
}
