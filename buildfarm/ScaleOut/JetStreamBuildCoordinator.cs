using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using KernelAgent.BuildFarm.Builds;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Variants;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.ScaleOut;

/// <summary>
/// A stateless replica's coordinator: single-flight across replicas by a create-only claim on the variant's key in the
/// builds bucket (the second replica joins the first build), failures remembered there until their time is up, jobs on
/// the JetStream work queue for any worker, and every build's events relayed from the events stream.
/// </summary>
internal sealed partial class JetStreamBuildCoordinator(
    IBuildBus bus, BuildAdmission admission, Published.IPublishedArtifacts published, IOptions<BuildCoordinatorOptions> options,
    TimeProvider time, ILogger<JetStreamBuildCoordinator> logger) : BackgroundService, IBuildCoordinator
{
    // How long a replica waits for a build another replica claimed to show up in the events stream before it takes the
    // claim for a dead replica's (claimed, never queued) and claims again.
    private static readonly TimeSpan ClaimShowsWithin = TimeSpan.FromSeconds(30);

    private readonly BuildEventRelay _relay = new(options.Value.History, time);
    private readonly TaskCompletionSource _following = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int QueueDepth => _relay.Queued;

    public async Task<BuildRequestOutcome> StartOrJoinAsync(VariantBuildRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (admission.Refusal(request) is { } refused)
        {
            return new(refused, BuildRequestKind.Refused);
        }

        try
        {
            await _following.Task.WaitAsync(ClaimShowsWithin, time, cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new ScaleOutException("this replica does not follow the build events stream yet (is NATS reachable?)", e);
        }

        var variant = request.Variant;
        var driverSha256 = admission.DriverSha256(variant);
        while (true)
        {
            var found = await published.FindAsync(variant, cancellationToken);
            if (found is not null && !(request.Supersede && found.Attestation.BuildKey != request.BuildKey))
            {
                return new(admission.CompletedHit(request, found), BuildRequestKind.AlreadyPublished);
            }

            var buildId = admission.NewBuildId();
            var claim = new BuildClaim(buildId, request.BuildKey, request.Supersede, driverSha256);
            var (created, holder, revision) = await bus.ClaimAsync(variant.ContentKey, claim, cancellationToken);
            if (created)
            {
                return new(await QueueAsync(request, buildId, cancellationToken), BuildRequestKind.Started);
            }

            if (holder is null)
            {
                continue;
            }

            if (ScaleOutMessages.ReadFailure(holder) is { } failure)
            {
                if (holder.RememberedUntil > time.GetUtcNow() && holder.DriverSha256 == driverSha256 && request.IsServedBy(Request(holder, request)))
                {
                    var remembered = new BuildJob(holder.BuildId, Request(holder, request), time);
                    remembered.Replay(failure);
                    return new(remembered, BuildRequestKind.RememberedFailure);
                }

                await bus.ReleaseAsync(variant.ContentKey, holder.BuildId, revision, cancellationToken);
                continue;
            }

            var running = await _relay.WaitForAsync(holder.BuildId, ClaimShowsWithin, cancellationToken);
            if (running is null)
            {
                LogStaleClaim(variant.ContentKey, holder.BuildId);
                await bus.ReleaseAsync(variant.ContentKey, holder.BuildId, revision, cancellationToken);
                continue;
            }

            if (request.IsServedBy(running))
            {
                running.AddRequester();
                return new(running, BuildRequestKind.Joined);
            }

            // A rebuild never runs beside another build of the variant: it waits for that one, then decides again.
            await foreach (var _ in running.WatchAsync(0, cancellationToken))
            {
            }
        }
    }

    public Task<Published.PublishedArtifact?> FindPublishedAsync(ArtifactVariant variant, CancellationToken cancellationToken)
    {
        admission.RequireRegistered(variant);
        return published.FindAsync(variant, cancellationToken);
    }

    public BuildJob? Find(string buildId) => _relay.Find(buildId);

    public IReadOnlyList<BuildJob> List() => _relay.List();

    public bool Cancel(string buildId, string reason)
    {
        if (_relay.Find(buildId) is not { } job)
        {
            return false;
        }

        var why = string.IsNullOrEmpty(reason) ? "cancelled by request" : reason;
        job.RequestCancel(why);
        _ = CancelEverywhereAsync(job, why);
        return true;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => BusRetry.UntilStoppedAsync(
        async token =>
        {
            await bus.EnsureAsync(token);
            _following.TrySetResult();
            await foreach (var (recorded, job) in bus.EventsAsync(token))
            {
                _relay.Relay(recorded, job);
            }
        },
        LogRelayFailed, time, stoppingToken);

    // The cancel reaches the other replicas' streams and the worker through the build's subject; the released claim
    // tells a worker that has not started it yet to skip it.
    private async Task CancelEverywhereAsync(BuildJob job, string reason)
    {
        try
        {
            var cancelled = new BuildEvent
            {
                BuildId = job.Id,
                Time = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
                State = BuildState.Cancelled,
                VariantKey = job.Variant.ContentKey,
                Cancelled = new BuildEvent.Types.Cancelled { Reason = reason },
            };
            await bus.PublishAsync(cancelled, Message(job.Request, job.Id, job.Created), CancellationToken.None);
            await bus.ReleaseAsync(job.Variant.ContentKey, job.Id, null, CancellationToken.None);
        }
        catch (ScaleOutException e)
        {
            LogCancelNotSent(job.Id, e.Message);
        }
    }

    private async Task<BuildJob> QueueAsync(VariantBuildRequest request, string buildId, CancellationToken cancellationToken)
    {
        var message = Message(request, buildId, time.GetUtcNow());
        try
        {
            await bus.EnqueueAsync(message, cancellationToken);
        }
        catch
        {
            await bus.ReleaseAsync(request.Variant.ContentKey, buildId, null, CancellationToken.None);
            throw;
        }

        await bus.PublishAsync(new BuildEvent
        {
            BuildId = buildId,
            Time = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
            State = BuildState.Queued,
            VariantKey = request.Variant.ContentKey,
            Queued = new BuildEvent.Types.Queued { Position = QueueDepth },
        }, message, cancellationToken);
        return await _relay.WaitForAsync(buildId, ClaimShowsWithin, cancellationToken)
            ?? throw new ScaleOutException($"build {buildId} was queued but its events do not come through the events stream");
    }

    private static BuildJobMessage Message(VariantBuildRequest request, string buildId, DateTimeOffset created) =>
        new(buildId, request.Variant.CanonicalForm, request.RequestedBy, request.BuildKey, request.Supersede, created);

    // The claim's request as far as joining goes: the variant is the one asked for, under the claim's build key.
    private static VariantBuildRequest Request(BuildClaim claim, VariantBuildRequest asked) =>
        new(asked.Variant, asked.RequestedBy, claim.BuildKey, claim.Supersede);

    [LoggerMessage(EventId = Logging.FarmEventIds.ScaleOutRelayFailed, Level = LogLevel.Warning, Message = "following the build events stream failed, retrying: {Detail}")]
    private partial void LogRelayFailed(string detail);

    [LoggerMessage(EventId = Logging.FarmEventIds.ScaleOutStaleClaim, Level = LogLevel.Warning, Message = "variant {VariantKey} was claimed by build {BuildId}, which never showed up; claiming it again")]
    private partial void LogStaleClaim(string variantKey, string buildId);

    [LoggerMessage(EventId = Logging.FarmEventIds.ScaleOutCancelNotSent, Level = LogLevel.Warning, Message = "build {BuildId} was cancelled here but the cancel did not reach NATS: {Detail}")]
    private partial void LogCancelNotSent(string buildId, string detail);
}
