using System.Globalization;
using KernelAgent.BuildFarm.Headers.Debian;
using KernelAgent.BuildFarm.Matrix.Apply;
using KernelAgent.BuildFarm.Matrix.Policy;
using KernelAgent.BuildFarm.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Matrix.Scheduling;

/// <summary>
/// One tick of the prebuild loop: check each archive with one request; when none changed, no retry is due and the
/// policy is the one applied last, stop there. Otherwise refresh the Debian lists, crawl, plan against the last
/// snapshot and apply, demand first. The archive fingerprints are saved only once the run has ended, so a tick killed
/// half-way is done again by the next one; builds it already published come back as already published.
/// </summary>
internal sealed class PrebuildTick(
    IArchiveProbe probe,
    MatrixSession session,
    IMatrixApplier applier,
    DebianHeaderSource debian,
    PrebuildMetrics metrics,
    IOptions<PrebuildSchedulerOptions> options,
    IOptions<FarmStateOptions> state,
    TimeProvider time,
    ILogger<PrebuildTick> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string StatusFile => PrebuildStatusFile.PathIn(state.Value.StateDirectory);

    /// <exception cref="PolicyValidationException">The policy file is not valid.</exception>
    /// <exception cref="MatrixDocumentException">The status file, catalog or newest snapshot cannot be read.</exception>
    public async Task<TickOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled || string.IsNullOrEmpty(settings.Policy))
        {
            return TickOutcome.Off;
        }

        if (!await _gate.WaitAsync(0, cancellationToken))
        {
            return Busy();
        }

        try
        {
            using var held = TickLock.TryAcquire(TickLock.PathIn(state.Value.StateDirectory));
            if (held is null)
            {
                return Busy();
            }

            var outcome = await RunLockedAsync(settings, cancellationToken);
            metrics.Ticked(outcome.ToString().ToLowerInvariant());
            return outcome;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private TickOutcome Busy()
    {
        PrebuildLog.Busy(logger, TickLock.PathIn(state.Value.StateDirectory));
        metrics.Ticked("busy");
        return TickOutcome.Busy;
    }

    private async Task<TickOutcome> RunLockedAsync(PrebuildSchedulerOptions settings, CancellationToken cancellationToken)
    {
        var policy = SupportPolicyParser.Load(settings.Policy!);
        var status = PrebuildStatusFile.Load(StatusFile) ?? new PrebuildStatus();
        var book = new StatusBook(status, settings);
        var checks = await probe.CheckAsync(cancellationToken);
        foreach (var unreadable in checks.Where(c => c.Fingerprint is null))
        {
            PrebuildLog.ArchiveUnreadable(logger, unreadable.Url, unreadable.Problem ?? "unknown");
        }

        // An archive that did not answer counts as unchanged: a crawl would fail on it the same way.
        var changed = checks.Where(c => c.Fingerprint is not null && status.Archives.GetValueOrDefault(c.Url) != c.Fingerprint).ToList();
        var now = time.GetUtcNow();
        var policyDigest = policy.Digest;
        if (changed.Count == 0 && !book.RetryDue(now) && status.PolicyDigest == policyDigest)
        {
            PrebuildLog.Unchanged(logger, checks.Count);
            status.LastTick = now;
            status.LastTickOutcome = "unchanged";
            PrebuildStatusFile.Save(StatusFile, status);
            return TickOutcome.Unchanged;
        }

        PrebuildLog.ArchiveChanged(logger, changed.Count, checks.Count, changed.FirstOrDefault()?.Url ?? "none; retries due or a new policy", policy.Name);
        if (changed.Any(c => c.Family == "debian"))
        {
            await debian.RefreshListsNowAsync(cancellationToken);
        }

        var planned = await session.PlanAsync(policy, null, cancellationToken);
        var deferred = book.Deferred(now);
        book.Track(planned, now, deferred);
        status.Policy = policy.Name;
        PrebuildStatusFile.Save(StatusFile, status);

        // Reported on the build's own thread as each entry ends: its publish time is when it is recorded.
        var progress = new Cli.SynchronousProgress<ApplyProgress>(p => Record(book, p.Result));
        var applied = await applier.ApplyAsync(
            planned.Plan,
            new ApplyOptions { ChunkSize = settings.ChunkSize, RequestedBy = "kernel-buildfarm serve (prebuild loop)", Demand = planned.Demand, Deferred = deferred, Progress = progress },
            cancellationToken);
        foreach (var kernel in book.Summarize())
        {
            LogCovered(kernel);
        }

        foreach (var check in checks.Where(c => c.Fingerprint is not null))
        {
            status.Archives[check.Url] = check.Fingerprint!;
        }

        status.PolicyDigest = policyDigest;
        status.LastTick = time.GetUtcNow();
        status.LastTickOutcome = $"run {applied.RunId}: {applied.Count(EntryOutcome.Published)} published, " +
            $"{applied.Count(EntryOutcome.Failed) + applied.Count(EntryOutcome.Cancelled)} failed, {deferred.Count} waiting for their retry";
        PrebuildStatusFile.Save(StatusFile, status);
        PrebuildLog.Applied(logger, applied.RunId, applied.Count(EntryOutcome.Published) + applied.Count(EntryOutcome.AlreadyPublished),
            applied.Count(EntryOutcome.Failed) + applied.Count(EntryOutcome.Cancelled), deferred.Count, applied.Duration.TotalSeconds);
        return TickOutcome.Applied;
    }

    private void Record(StatusBook book, EntryResult result)
    {
        var at = time.GetUtcNow();
        if (book.Finished(result, at) is { } kernel && result.Succeeded && !kernel.Baseline)
        {
            metrics.Published(kernel.Distro, kernel.Arch, at - kernel.FirstSeen);
        }
    }

    private void LogCovered(KernelStatus kernel)
    {
        var lag = kernel.Baseline || kernel.CoveredAt is null
            ? "unknown (it was there before the loop's first crawl)"
            : (kernel.CoveredAt.Value - kernel.FirstSeen).TotalSeconds.ToString("F0", CultureInfo.InvariantCulture);
        PrebuildLog.KernelCovered(logger, kernel.Distro, kernel.DistroVersion, kernel.Arch, kernel.Release, kernel.BuildString ?? kernel.PackageVersion, kernel.Modules.Count, lag);
    }
}
