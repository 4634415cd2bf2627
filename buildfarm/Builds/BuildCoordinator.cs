using KernelAgent.BuildFarm.Logging;
using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Variants;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Builds;

/// <summary>
/// Single-flight scheduling on a bounded worker pool. The in-flight table is keyed by the variant's
/// content key and only changed under one lock, so concurrent requests for one variant always meet.
/// </summary>
internal sealed partial class BuildCoordinator : BackgroundService, IBuildCoordinator
{
    private readonly object _gate = new();
    private readonly Dictionary<string, BuildJob> _inFlight = new(StringComparer.Ordinal);
    private readonly FailureMemory _failures;

    // Builds queued and not yet taken by a worker nor cancelled: a set changed only under the lock, so a job leaves
    // it exactly once whichever happens first, and the queue limit counts what really waits.
    private readonly HashSet<BuildJob> _waiting = [];
    private readonly BuildHistory _history;
    private readonly Channel<BuildJob> _queue = Channel.CreateUnbounded<BuildJob>();
    private readonly BuildPipeline _pipeline;
    private readonly Published.IPublishedArtifacts _published;
    private readonly BuildCoordinatorOptions _options;
    private readonly TimeProvider _time;
    private readonly BuildMetrics _metrics;
    private readonly ILogger<BuildCoordinator> _logger;
    private readonly BuildAdmission _admission;
    private readonly BuildDependsResolver _buildDepends;
    private volatile bool _stopping;

    public BuildCoordinator(
        IModuleBuilder builder, Signing.IAttestationSigning signing, IArtifactStore store, Hosting.PublishedStoreUrl publishedStoreUrl,
        Published.IPublishedArtifacts published, IOptions<BuildCoordinatorOptions> options,
        TimeProvider time, BuildMetrics metrics, ILogger<BuildCoordinator> logger, BuildAdmission admission, Drivers.IDriverRegistry drivers)
    {
        _admission = admission;
        _buildDepends = new BuildDependsResolver(drivers);
        _pipeline = new BuildPipeline(builder, signing, store, publishedStoreUrl.Value, time, metrics);
        _published = published;
        _options = options.Value;
        _history = new BuildHistory(_options.History);
        _failures = new FailureMemory(_options.FailureMemoryLimit);
        _time = time;
        _metrics = metrics;
        _logger = logger;
    }

    public int QueueDepth
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Failures answered from memory now (swept every Builds:FailureSweepInterval, bounded by Builds:FailureMemoryLimit).</summary>
    internal int RememberedFailures
    {
        get
        {
            lock (_gate)
            {
                return _failures.Count;
            }
        }
    }

    public Task<BuildRequestOutcome> StartOrJoinAsync(ArtifactVariant variant, string requestedBy, CancellationToken cancellationToken) =>
        StartOrJoinAsync(VariantBuildRequest.OnDemand(variant, requestedBy), cancellationToken);

    public Task<BuildRequestOutcome> StartOrJoinAsync(VariantBuildRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return StartOrJoinAsync(request, [], cancellationToken);
    }

    /// <param name="request">The build asked for.</param>
    /// <param name="chain">The drivers whose BUILD_DEPENDS asked for this one, outermost first.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    private async Task<BuildRequestOutcome> StartOrJoinAsync(VariantBuildRequest request, IReadOnlyList<string> chain, CancellationToken cancellationToken)
    {
        var variant = request.Variant;
        if (_admission.Refusal(request) is { } refused)
        {
            return new(refused, BuildRequestKind.Refused);
        }

        IReadOnlyList<BuildJob>? dependencies = null;

        while (true)
        {
            ThrowIfStopping();
            var (joined, ahead) = JoinOrFindAhead(request);
            if (joined is not null)
            {
                return joined;
            }

            if (ahead is not null)
            {
                // A rebuild never runs beside another build of the variant: it waits for that one, then decides
                // against the store as that build left it.
                await WaitForEndAsync(ahead, cancellationToken);
                continue;
            }

            var published = await _published.FindAsync(variant, cancellationToken);
            if (published is not null && !(request.Supersede && published.Attestation.BuildKey != request.BuildKey))
            {
                return new(_admission.CompletedHit(request, published), BuildRequestKind.AlreadyPublished);
            }

            // Queued before this build, so a worker never waits for a dependency still queued behind it.
            if (dependencies is null)
            {
                var (jobs, refusal) = await StartBuildDependsAsync(request, chain, cancellationToken);
                if (refusal is not null)
                {
                    return new(refusal, BuildRequestKind.Refused);
                }

                dependencies = jobs;
            }

            lock (_gate)
            {
                ThrowIfStopping();
                if (_inFlight.TryGetValue(variant.ContentKey, out var running) && !IsReplaceable(running, request))
                {
                    if (!request.IsServedBy(running))
                    {
                        continue;
                    }

                    running.AddRequester();
                    return new(running, BuildRequestKind.Joined);
                }

                if (_failures.Recall(request, _time.GetUtcNow(), _time, _admission.DriverSha256(variant)) is { } remembered)
                {
                    return new(remembered, BuildRequestKind.RememberedFailure);
                }

                if (_waiting.Count >= _options.QueueLimit)
                {
                    throw new BuildQueueFullException(_options.QueueLimit, _options.RetryAfterWhenFull);
                }

                var job = new BuildJob(_admission.NewBuildId(), request, _time) { Dependencies = dependencies };
                if (published is not null)
                {
                    job.SupersededBuildKey = published.Attestation.BuildKey;
                    LogSuperseding(job.Id, variant.ContentKey, published.Attestation.BuildKey ?? "none recorded", request.BuildKey!);
                }

                var position = _waiting.Count;
                _waiting.Add(job);
                job.Append(BuildState.Queued, e => e.Queued = new BuildEvent.Types.Queued { Position = position });
                _inFlight[variant.ContentKey] = job;
                _history.Add(job);
                _queue.Writer.TryWrite(job);
                using (_logger.BeginBuildScope(job.Id, variant, FarmLogScopes.QueuePhase))
                {
                    LogQueued(job.Id, variant.ContentKey, position);
                }

                return new(job, BuildRequestKind.Started);
            }
        }
    }

    /// <summary>
    /// Starts (or joins, or finds published) the build of each driver the variant's BUILD_DEPENDS names, for the same
    /// kernel; a dependency that is not registered, closes a cycle or is refused refuses this build (FAILED_PRECONDITION).
    /// </summary>
    private async Task<(IReadOnlyList<BuildJob> Jobs, BuildJob? Refusal)> StartBuildDependsAsync(
        VariantBuildRequest request, IReadOnlyList<string> chain, CancellationToken cancellationToken)
    {
        var (first, problem) = await _buildDepends.ResolveAsync(request.Variant, chain, cancellationToken);
        if (problem is not null)
        {
            return ([], _admission.Refused(request, FailureReason.BuildDependencyMissing, problem, []));
        }

        var jobs = new List<BuildJob>(first.Count);
        var driver = request.Variant.Driver;
        foreach (var dependency in first)
        {
            var outcome = await StartOrJoinAsync(
                VariantBuildRequest.OnDemand(dependency, $"BUILD_DEPENDS of {driver.Name} {driver.Version}"), [.. chain, driver.Name], cancellationToken);
            if (outcome.Kind is BuildRequestKind.Refused or BuildRequestKind.RememberedFailure)
            {
                // A cycle is named as a whole, not as a dependency that failed.
                var message = outcome.Job.Failure?.Message is { } cycle && cycle.StartsWith("circular BUILD_DEPENDS", StringComparison.Ordinal)
                    ? cycle
                    : BuildDependsFailure.Describe(request.Variant, outcome.Job);
                return ([], _admission.Refused(request, FailureReason.BuildDependencyMissing, message, []));
            }

            jobs.Add(outcome.Job);
        }

        return (jobs, null);
    }

    /// <summary>Joins the variant's build in flight when it serves the request; else names the one to wait for, if any.</summary>
    private (BuildRequestOutcome? Joined, BuildJob? Ahead) JoinOrFindAhead(VariantBuildRequest request)
    {
        lock (_gate)
        {
            if (!_inFlight.TryGetValue(request.Variant.ContentKey, out var running) || IsReplaceable(running, request))
            {
                return (null, null);
            }

            if (request.IsServedBy(running))
            {
                running.AddRequester();
                return (new(running, BuildRequestKind.Joined), null);
            }

            return (null, running);
        }
    }

    // A build that has ended but not yet left the table: an on-demand request still takes its answer; a rebuild asks
    // the store, as that build left it, and may take its place.
    private static bool IsReplaceable(BuildJob running, VariantBuildRequest request) => running.IsTerminal && request.Supersede;

    private static async Task WaitForEndAsync(BuildJob job, CancellationToken cancellationToken)
    {
        await foreach (var _ in job.WatchAsync(0, cancellationToken))
        {
            // Only the end matters.
        }
    }

    public BuildJob? Find(string buildId) => _history.Find(buildId);

    public IReadOnlyList<BuildJob> List() => _history.List();

    public bool Cancel(string buildId, string reason)
    {
        if (_history.Find(buildId) is not { } job)
        {
            return false;
        }

        job.RequestCancel(string.IsNullOrEmpty(reason) ? "cancelled by request" : reason);
        Forget(job);
        lock (_gate)
        {
            _waiting.Remove(job);
        }

        return true;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, _options.Workers).Select(_ => Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None))
            .Append(SweepFailuresAsync(stoppingToken)));

    // Failures of variants nobody asks for again would otherwise stay until the bound pushes them out.
    private async Task SweepFailuresAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.FailureSweepInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                lock (_gate)
                {
                    _failures.Sweep(_time.GetUtcNow());
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        _queue.Writer.TryComplete();
        foreach (var job in _history.Running())
        {
            job.RequestCancel("the build farm is stopping");
        }

        await base.StopAsync(cancellationToken);
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            lock (_gate)
            {
                _waiting.Remove(job);
            }

            if (job.IsTerminal)
            {
                continue;
            }

            await RunOneAsync(job, stoppingToken);
        }
    }

    private async Task RunOneAsync(BuildJob job, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(_options.BuildTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token, job.CancellationToken);
        // Every event of the build, the header sources' and the compiler's included, carries its fields.
        using var buildScope = _logger.BeginBuildScope(job.Id, job.Variant, FarmLogScopes.StartPhase);
        LogStarted(job.Id, job.Variant.ContentKey);
        try
        {
            await BuildDependsFailure.WaitAsync(job, linked.Token);
            await _pipeline.RunAsync(job, linked.Token);
            _metrics.BuildFinished("succeeded", job);
            using (_logger.BeginOutcomeScope("published"))
            {
                LogSucceeded(job.Id, job.Variant.ContentKey);
            }
        }
        catch (OperationCanceledException) when (job.CancellationToken.IsCancellationRequested || stoppingToken.IsCancellationRequested)
        {
            job.RequestCancel("cancelled");
            _metrics.BuildFinished("cancelled", job);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Fail(job, new BuildFailedException(FailureReason.Timeout, $"the build did not finish within {_options.BuildTimeout}"));
        }
        catch (BuildFailedException e)
        {
            Fail(job, e);
        }
        catch (Exception e)
        {
            // Whatever a builder throws, the job must end (its streams are waiting) and the worker must live on:
            // an exception escaping here would stop the whole host (BackgroundServiceExceptionBehavior.StopHost).
            LogInternalFailure(job.Id, job.Variant.ContentKey, e);
            Fail(job, new BuildFailedException(FailureReason.Internal, e.Message, inner: e));
        }
        finally
        {
            // Only this job's own entry: after a cancel, a newer build of the variant may already be in flight.
            Forget(job);
        }
    }

    private void Fail(BuildJob job, BuildFailedException e)
    {
        // A variant that names no exact build is the caller's mistake, not the farm's: not remembered, not a failure.
        // Nor is a driver that excludes the kernel (BUILD_EXCLUSIVE): nothing to remember.
        var invalid = e.Reason == FailureReason.InvalidVariant;
        var remembered = !invalid && e.Reason != FailureReason.UnsupportedByDriver;
        var now = _time.GetUtcNow();
        var until = remembered ? now + _options.FailureMemory : now;
        job.InvalidFields = e.InvalidFields;

        // Remembered (and out of the in-flight table) as the terminal event becomes visible, under the lock, so a
        // request that follows the failed stream never joins the finished job nor misses the memory by mistake.
        lock (_gate)
        {
            if (_inFlight.TryGetValue(job.Variant.ContentKey, out var current) && ReferenceEquals(current, job))
            {
                _inFlight.Remove(job.Variant.ContentKey);
            }

            job.Append(BuildState.Failed, ev => ev.Failed = new BuildFailure
            {
                Reason = e.Reason,
                Message = e.Message,
                LogTail = e.LogTail ?? string.Empty,
                RememberedUntil = remembered ? Timestamp.FromDateTimeOffset(until) : null,
            });
            if (remembered && job.State == BuildState.Failed && job.LastEvent is { } terminal)
            {
                _failures.Remember(job, terminal, until, now, _admission.DriverSha256(job.Variant));
            }
        }
        _metrics.BuildFinished(invalid ? "invalid" : "failed", job);
        using (_logger.BeginOutcomeScope(invalid ? "invalid" : "failed"))
        {
            if (invalid)
            {
                LogInvalidVariant(job.Id, job.Variant.ContentKey, e.Message);
            }
            else
            {
                LogFailed(job.Id, job.Variant.ContentKey, e.Reason, e.Message);
            }
        }
    }

    public Task<Published.PublishedArtifact?> FindPublishedAsync(ArtifactVariant variant, CancellationToken cancellationToken)
    {
        _admission.RequireRegistered(variant);
        return _published.FindAsync(variant, cancellationToken);
    }

    private void Forget(BuildJob job)
    {
        lock (_gate)
        {
            if (_inFlight.TryGetValue(job.Variant.ContentKey, out var current) && ReferenceEquals(current, job))
            {
                _inFlight.Remove(job.Variant.ContentKey);
            }
        }
    }

    private void ThrowIfStopping()
    {
        if (_stopping)
        {
            throw new OperationCanceledException("the build farm is stopping");
        }
    }

    [LoggerMessage(EventId = FarmEventIds.BuildQueued, Level = LogLevel.Information, Message = "build {BuildId} queued for {VariantKey} at position {Position}")]
    private partial void LogQueued(string buildId, string variantKey, int position);

    [LoggerMessage(EventId = FarmEventIds.BuildStarted, Level = LogLevel.Information, Message = "build {BuildId} started for {VariantKey}")]
    private partial void LogStarted(string buildId, string variantKey);

    [LoggerMessage(EventId = FarmEventIds.BuildPublished, Level = LogLevel.Information, Message = "build {BuildId} published {VariantKey}")]
    private partial void LogSucceeded(string buildId, string variantKey);

    [LoggerMessage(EventId = FarmEventIds.BuildFailed, Level = LogLevel.Warning, Message = "build {BuildId} for {VariantKey} failed ({Reason}): {Detail}")]
    private partial void LogFailed(string buildId, string variantKey, FailureReason reason, string detail);

    [LoggerMessage(EventId = FarmEventIds.InvalidVariant, Level = LogLevel.Information, Message = "build {BuildId} for {VariantKey} refused before compiling: the variant names no exact build: {Detail}")]
    private partial void LogInvalidVariant(string buildId, string variantKey, string detail);

    [LoggerMessage(EventId = FarmEventIds.BuildInternalFailure, Level = LogLevel.Error, Message = "build {BuildId} for {VariantKey} failed unexpectedly")]
    private partial void LogInternalFailure(string buildId, string variantKey, Exception exception);

    [LoggerMessage(EventId = FarmEventIds.BuildSuperseding, Level = LogLevel.Information, Message = "build {BuildId} for {VariantKey} will supersede the published build (build key {PublishedBuildKey}) with build key {BuildKey}")]
    private partial void LogSuperseding(string buildId, string variantKey, string publishedBuildKey, string buildKey);
}
