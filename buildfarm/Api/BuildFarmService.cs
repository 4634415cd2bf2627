using Grpc.Core;
using KernelAgent.BuildFarm.Auth;
using KernelAgent.BuildFarm.Builds;
using KernelAgent.BuildFarm.Drivers;
using KernelAgent.BuildFarm.Published;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Variants;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Api;

/// <summary>
/// The kernelagent.v1.BuildFarm service: the wire's form checked here (RequestValidator) and every answer's status
/// code; whether a variant is registered, buildable or published is decided in the coordinator, for Resolve and Build alike.
/// A build that fails for a precondition (no exact headers, unsupported distribution, source digest)
/// ends its stream with the FAILED event and then FAILED_PRECONDITION; a variant its kernel's headers contradict
/// (INVALID_VARIANT) with INVALID_ARGUMENT naming the fields; other failures end with OK.
/// </summary>
[BindServiceMethod(typeof(ParseFailureBinder), nameof(ParseFailureBinder.BindNothing))]
internal sealed class BuildFarmService(
    IBuildCoordinator coordinator,
    BuildMetrics metrics,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    Demand.DemandIntake demand,
    BuildPolicyGate policy,
    AuthAudit audit,
    ILogger<BuildFarmService> logger) : KernelAgent.Protocol.V1.BuildFarm.BuildFarmBase
{
    private static readonly TimeSpan RetryWhileStopping = TimeSpan.FromSeconds(5);
    private static readonly WriteOptions BufferedWrite = new(WriteFlags.BufferHint);

    // A store outage is usually short (a restart, a failover); agents back off from this hint anyway.
    private static readonly TimeSpan RetryWhileStoreFails = TimeSpan.FromSeconds(10);

    // A small module builds in seconds; a caller at its build limit comes back when one has likely ended.
    private static readonly TimeSpan RetryWhileBuildsRun = TimeSpan.FromSeconds(30);

    public override async Task<ResolveResponse> Resolve(ResolveRequest request, ServerCallContext context)
    {
        var variant = RequestValidator.Variant(request.Variant, request.Driver);
        PublishedArtifact? found;
        try
        {
            found = await coordinator.FindPublishedAsync(variant, context.CancellationToken);
        }
        catch (DriverNotRegisteredException e)
        {
            throw NotRegistered(variant, e);
        }
        catch (StoreException e)
        {
            throw RpcErrors.Unavailable($"the farm's store failed: {e.Message}", RetryWhileStoreFails);
        }

        metrics.Resolved(found is not null);
        var response = new ResolveResponse { Found = found is not null, VariantKey = variant.ContentKey };
        if (found is not null)
        {
            response.Artifact = found.Reference;
            ServiceLog.ResolveHit(logger, variant.ContentKey);
        }
        else
        {
            ServiceLog.ResolveMiss(logger, variant.ContentKey);
        }

        return response;
    }

    public override async Task Build(BuildRequest request, IServerStreamWriter<BuildEvent> responseStream, ServerCallContext context)
    {
        var variant = RequestValidator.Variant(request.Variant, request.Driver, request.RequestedBy);
        var caller = Caller.Of(context);
        policy.Check(variant, caller?.Identity ?? context.Peer);
        ThrowIfBuildLimitReached(caller);
        ThrowIfStopping();
        BuildRequestOutcome outcome;
        try
        {
            // An authenticated build is recorded as its caller's: CancelBuild and the concurrent-build limit go by it.
            outcome = await coordinator.StartOrJoinAsync(variant, caller?.Identity ?? request.RequestedBy, context.CancellationToken);
        }
        catch (DriverNotRegisteredException e)
        {
            throw NotRegistered(variant, e);
        }
        catch (BuildQueueFullException e)
        {
            throw RpcErrors.ResourceExhausted(e.Message, e.RetryAfter);
        }
        catch (StoreException e)
        {
            // Before queueing, the coordinator asks the store whether the variant is published already.
            throw RpcErrors.Unavailable($"the farm's store failed: {e.Message}", RetryWhileStoreFails);
        }
        catch (ScaleOut.ScaleOutException e)
        {
            // A replica whose NATS is down cannot claim, queue or follow builds; another replica may.
            throw RpcErrors.Unavailable($"the farm's NATS JetStream failed: {e.Message}", RetryWhileStoreFails);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            throw RpcErrors.Unavailable("the build farm is stopping", RetryWhileStopping);
        }

        if (outcome.Kind == BuildRequestKind.Refused)
        {
            var job = outcome.Job;
            throw job.Failure?.Reason == FailureReason.InvalidVariant
                ? RequestValidator.KernelFields(job.InvalidFields)
                : RpcErrors.FailedPrecondition("UNSUPPORTED_DISTRO", variant.Kernel.DistroId, job.Failure?.Message ?? string.Empty);
        }

        if (outcome.Kind == BuildRequestKind.Joined)
        {
            await responseStream.WriteAsync(new BuildEvent
            {
                BuildId = outcome.Job.Id,
                Sequence = 0,
                State = outcome.Job.State,
                VariantKey = variant.ContentKey,
                Time = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(time.GetUtcNow()),
                Queued = new BuildEvent.Types.Queued { JoinedExisting = true },
            }, context.CancellationToken);
        }

        await StreamAsync(outcome.Job, 0, responseStream, context);
    }

    public override Task WatchBuild(WatchBuildRequest request, IServerStreamWriter<BuildEvent> responseStream, ServerCallContext context) =>
        StreamAsync(FindBuild(request.BuildId), 0, responseStream, context);

    public override Task<BuildInfo> GetBuild(GetBuildRequest request, ServerCallContext context) =>
        Task.FromResult(InfoFor(FindBuild(request.BuildId), Caller.Of(context)));

    public override Task<ListBuildsResponse> ListBuilds(ListBuildsRequest request, ServerCallContext context)
    {
        var (pageSize, offset) = RequestValidator.Page(request);
        var builds = coordinator.List()
            .Where(b => request.State == BuildState.Unspecified || b.State == request.State)
            .ToList();
        var response = new ListBuildsResponse();
        var caller = Caller.Of(context);
        response.Builds.AddRange(builds.Skip(offset).Take(pageSize).Select(b => InfoFor(b, caller)));
        if (offset + pageSize < builds.Count)
        {
            response.NextPageToken = (offset + pageSize).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Task.FromResult(response);
    }

    public override Task<BuildInfo> CancelBuild(CancelBuildRequest request, ServerCallContext context)
    {
        var job = FindBuild(request.BuildId);
        var caller = Caller.Of(context);
        if (caller is { Rule.Operator: false } && job.RequestedBy != caller.Identity)
        {
            throw audit.Denied("CancelBuild", caller.Identity, "requester-or-operator",
                $"build {job.Id} was requested by another caller; only its requester or an operator rule may cancel it");
        }

        coordinator.Cancel(job.Id, request.Reason);
        return Task.FromResult(InfoFor(job, caller));
    }

    public override Task<ReportDemandResponse> ReportDemand(ReportDemandRequest request, ServerCallContext context)
    {
        // An authenticated host reports for itself only: its identity, not the request, names the host.
        if (Caller.Of(context) is { } caller)
        {
            request.HostId = caller.Identity;
        }

        return Task.FromResult(demand.Report(request, RateKey(context)));
    }

    // Who requested a build is operator detail (host identities); a caller still sees its own.
    private static BuildInfo InfoFor(BuildJob job, Caller? caller)
    {
        var info = job.ToInfo();
        if (caller is { Rule.Operator: false } && job.RequestedBy != caller.Identity)
        {
            info.RequestedBy = string.Empty;
        }

        return info;
    }

    private void ThrowIfBuildLimitReached(Caller? caller)
    {
        if (caller is not { Rule.MaxConcurrentBuilds: > 0 and var limit })
        {
            return;
        }

        var running = coordinator.List().Count(b => !b.IsTerminal && b.RequestedBy == caller.Identity);
        if (running >= limit)
        {
            throw audit.Limited("Build", caller, $"{running} builds of this caller are queued or running (MaxConcurrentBuilds {limit})", RetryWhileBuildsRun);
        }
    }

    // The authenticated caller when there is one; else the peer's address without its port (one rate per machine).
    private static string RateKey(ServerCallContext context)
    {
        if (Caller.Of(context) is { } caller)
        {
            return "user:" + caller.Identity;
        }

        var http = context.GetHttpContext();
        return http.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name }
            ? "user:" + name
            : "address:" + (http.Connection.RemoteIpAddress?.ToString() ?? context.Peer);
    }

    private static async Task StreamAsync(BuildJob job, long afterSequence, IServerStreamWriter<BuildEvent> responseStream, ServerCallContext context)
    {
        BuildEvent? last = null;
        await foreach (var batch in job.WatchBatchesAsync(afterSequence, context.CancellationToken))
        {
            // One flush per batch: a stream that fell behind (a herd on two cores) catches up without a flush per event.
            for (var i = 0; i < batch.Count; i++)
            {
                responseStream.WriteOptions = i < batch.Count - 1 ? BufferedWrite : null;
                await responseStream.WriteAsync(batch[i], context.CancellationToken);
            }

            last = batch[^1];
        }

        if (last?.DetailCase == BuildEvent.DetailOneofCase.Failed && last.Failed.Reason == FailureReason.InvalidVariant && job.InvalidFields.Count > 0)
        {
            throw RequestValidator.KernelFields(job.InvalidFields);
        }

        if (last?.DetailCase == BuildEvent.DetailOneofCase.Failed && IsPrecondition(last.Failed.Reason))
        {
            throw RpcErrors.FailedPrecondition(last.Failed.Reason.ToString(), job.Variant.ContentKey, last.Failed.Message);
        }
    }

    private static bool IsPrecondition(FailureReason reason) =>
        reason is FailureReason.HeadersUnavailable or FailureReason.UnsupportedDistro or FailureReason.SourceDigestMismatch
            or FailureReason.UnsupportedByDriver or FailureReason.BuildDependencyMissing;

    private BuildJob FindBuild(string buildId) =>
        coordinator.Find(RequestValidator.BuildId(buildId))
        ?? throw RpcErrors.NotFound("build", buildId, $"no build with id '{buildId}' is known to this farm (it may have restarted)");

    private static RpcException NotRegistered(ArtifactVariant variant, DriverNotRegisteredException e) =>
        RpcErrors.NotFound("driver", $"{variant.Driver.Name}@{variant.Driver.Version}", e.Message);

    private void ThrowIfStopping()
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            throw RpcErrors.Unavailable("the build farm is stopping", RetryWhileStopping);
        }
    }
}
