using Google.Protobuf.WellKnownTypes;
using KernelAgent.BuildFarm.Builds;
using KernelAgent.BuildFarm.Logging;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Backends;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.ScaleOut;

/// <summary>
/// <c>kernel-buildfarm worker</c>: takes build jobs from the JetStream work queue and runs today's pipeline (headers,
/// sandboxed compile, sign, publish), Builds:Workers at once, publishing every event on the build's subject. It acks
/// progress while it builds; a worker lost mid-build leaves its job to be delivered to another after Nats:AckWait.
/// </summary>
internal sealed partial class BuildWorker(
    IBuildBus bus, IModuleBuilder builder, Signing.IAttestationSigning signing, IArtifactStore store, Hosting.PublishedStoreUrl publishedStoreUrl,
    IOptions<BuildCoordinatorOptions> builds, IOptions<NatsOptions> nats, TimeProvider time, BuildMetrics metrics, ILogger<BuildWorker> logger)
    : BackgroundService
{
    private readonly BuildPipeline _pipeline = new(builder, signing, store, publishedStoreUrl.Value, time, metrics);
    private readonly BuildCoordinatorOptions _builds = builds.Value;
    private readonly NatsOptions _nats = nats.Value;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, _builds.Workers).Select(_ => Task.Run(() => TakeJobsAsync(stoppingToken), CancellationToken.None)));

    private Task TakeJobsAsync(CancellationToken stoppingToken) => BusRetry.UntilStoppedAsync(
        async token =>
        {
            if (await bus.NextJobAsync(token) is { } delivery)
            {
                await RunAsync(delivery, token);
            }
        },
        LogBusFailed, time, stoppingToken);

    private async Task RunAsync(IBusJob delivery, CancellationToken stoppingToken)
    {
        var (message, variant, refusal) = ScaleOutMessages.ReadJob(delivery.Text);
        if (message is null || variant is null)
        {
            LogMalformedJob(refusal ?? "unreadable");
            await delivery.AckAsync(stoppingToken);
            return;
        }

        var job = new BuildJob(message.BuildId, new VariantBuildRequest(variant, message.RequestedBy, message.BuildKey, message.Supersede), time, message.Created);
        if (await bus.FindClaimAsync(variant.ContentKey, stoppingToken) is not { } claim || claim.Claim.BuildId != job.Id)
        {
            // Cancelled (or its claim gone) before any worker took it: nothing to build.
            await delivery.AckAsync(stoppingToken);
            return;
        }

        using var scope = logger.BeginBuildScope(job.Id, job.Variant, FarmLogScopes.StartPhase);
        if (delivery.Deliveries > (ulong)_nats.MaxDeliver)
        {
            job.Append(BuildState.Failed, e => e.Failed = new BuildFailure
            {
                Reason = FailureReason.Internal,
                Message = $"the build was handed to a worker {_nats.MaxDeliver} times (Nats:MaxDeliver) and none finished it; the workers were lost or stopped",
            });
            LogGaveUp(job.Id, _nats.MaxDeliver);
            await bus.PublishAsync(job.LastEvent!, message, stoppingToken);
            await bus.ReleaseAsync(variant.ContentKey, job.Id, null, stoppingToken);
            await delivery.AckAsync(stoppingToken);
            return;
        }

        LogTaken(job.Id, job.Variant.ContentKey, delivery.Deliveries);
        using var building = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var forwarding = ForwardAsync(job, message, building.Token);
        var keepingAlive = KeepAliveAsync(delivery, job, building.Token);
        try
        {
            var remembered = await BuildAsync(job, stoppingToken);
            if (!job.IsTerminal)
            {
                // Stopping: hand the job back at once rather than after AckWait; a worker that is killed cannot, and AckWait does.
                await building.CancelAsync();
                await Task.WhenAll(forwarding, keepingAlive).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                await delivery.NakAsync(CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                return;
            }

            await forwarding;
            await building.CancelAsync();
            await keepingAlive;
            if (remembered is { } until && job.LastEvent is { } failed)
            {
                await bus.RememberFailureAsync(variant.ContentKey, new BuildClaim(
                    job.Id, message.BuildKey, message.Supersede, claim.Claim.DriverSha256, Convert.ToBase64String(Google.Protobuf.MessageExtensions.ToByteArray(failed)), until), stoppingToken);
            }
            else
            {
                await bus.ReleaseAsync(variant.ContentKey, job.Id, null, stoppingToken);
            }

            await delivery.AckAsync(stoppingToken);
        }
        finally
        {
            // Whichever way this ends (a NATS failure included), the progress acks stop, so that JetStream hands the
            // job to another worker after AckWait instead of waiting on a worker that gave it up.
            await building.CancelAsync();
        }
    }

    /// <summary>Runs the pipeline; the job ends terminal unless the worker is stopping. Returns until when a failure is remembered.</summary>
    private async Task<DateTimeOffset?> BuildAsync(BuildJob job, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(_builds.BuildTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token, job.CancellationToken);
        try
        {
            await _pipeline.RunAsync(job, linked.Token);
            metrics.BuildFinished("succeeded", job);
            return null;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return null;
        }
        catch (OperationCanceledException) when (job.CancellationToken.IsCancellationRequested)
        {
            metrics.BuildFinished("cancelled", job);
            return null;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return Failed(job, new BuildFailedException(FailureReason.Timeout, $"the build did not finish within {_builds.BuildTimeout}"));
        }
        catch (BuildFailedException e)
        {
            return Failed(job, e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogInternalFailure(job.Id, e);
            return Failed(job, new BuildFailedException(FailureReason.Internal, e.Message, inner: e));
        }
    }

    private DateTimeOffset? Failed(BuildJob job, BuildFailedException e)
    {
        // As in process: a variant that names no exact build, or a driver that excludes the kernel, is not remembered.
        var remembered = e.Reason is not (FailureReason.InvalidVariant or FailureReason.UnsupportedByDriver);
        var until = time.GetUtcNow() + _builds.FailureMemory;
        job.InvalidFields = e.InvalidFields;
        job.Append(BuildState.Failed, ev => ev.Failed = new BuildFailure
        {
            Reason = e.Reason,
            Message = e.Message,
            LogTail = e.LogTail ?? string.Empty,
            RememberedUntil = remembered ? Timestamp.FromDateTimeOffset(until) : null,
        });
        metrics.BuildFinished(e.Reason == FailureReason.InvalidVariant ? "invalid" : "failed", job);
        LogFailed(job.Id, e.Reason, e.Message);
        return remembered ? until : null;
    }

    private async Task ForwardAsync(BuildJob job, BuildJobMessage message, CancellationToken cancellationToken)
    {
        await foreach (var batch in job.WatchBatchesAsync(0, cancellationToken))
        {
            foreach (var e in batch)
            {
                await bus.PublishAsync(e, message, cancellationToken);
            }
        }
    }

    // Acks progress every third of AckWait, and ends the build when its claim is gone (cancelled on a replica).
    private async Task KeepAliveAsync(IBusJob delivery, BuildJob job, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_nats.AckWait / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await delivery.InProgressAsync(cancellationToken);
                    if (await bus.FindClaimAsync(job.Variant.ContentKey, cancellationToken) is not { } claim || claim.Claim.BuildId != job.Id)
                    {
                        job.RequestCancel("cancelled by request");
                    }
                }
                catch (ScaleOutException e)
                {
                    LogBusFailed(e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = FarmEventIds.WorkerJobTaken, Level = LogLevel.Information, Message = "build {BuildId} for {VariantKey} taken from the work queue (delivery {Deliveries})")]
    private partial void LogTaken(string buildId, string variantKey, ulong deliveries);

    [LoggerMessage(EventId = FarmEventIds.WorkerGaveUp, Level = LogLevel.Warning, Message = "build {BuildId} failed: handed to a worker {MaxDeliver} times and none finished it")]
    private partial void LogGaveUp(string buildId, int maxDeliver);

    [LoggerMessage(EventId = FarmEventIds.WorkerMalformedJob, Level = LogLevel.Warning, Message = "a job on the work queue is refused and dropped: {Detail}")]
    private partial void LogMalformedJob(string detail);

    [LoggerMessage(EventId = FarmEventIds.WorkerBusFailed, Level = LogLevel.Warning, Message = "NATS failed, retrying: {Detail}")]
    private partial void LogBusFailed(string detail);

    [LoggerMessage(EventId = FarmEventIds.WorkerBuildFailed, Level = LogLevel.Warning, Message = "build {BuildId} failed ({Reason}): {Detail}")]
    private partial void LogFailed(string buildId, FailureReason reason, string detail);

    [LoggerMessage(EventId = FarmEventIds.WorkerInternalFailure, Level = LogLevel.Error, Message = "build {BuildId} failed unexpectedly")]
    private partial void LogInternalFailure(string buildId, Exception exception);
}
