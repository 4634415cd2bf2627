using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using KernelAgent.Agent.Logging;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Variants;
using Microsoft.Extensions.Logging;

namespace KernelAgent.Agent.Resolution;

/// <summary>
/// The Build stream with a deadline, re-attachment by build id (WatchBuild) when the stream breaks, and
/// jittered exponential backoff on UNAVAILABLE and RESOURCE_EXHAUSTED that honours the farm's RetryInfo.
/// </summary>
internal sealed partial class FarmClient : IFarmClient
{
    private readonly BuildFarm.BuildFarmClient? _client;
    private readonly FarmClientOptions _options;
    private readonly BackoffPolicy _backoff;
    private readonly TimeProvider _time;
    private readonly ILogger<FarmClient> _logger;
    private readonly IResolutionProgress? _progress;

    public FarmClient(
        BuildFarm.BuildFarmClient? client, FarmClientOptions options, BackoffPolicy backoff, TimeProvider time, ILogger<FarmClient> logger,
        IResolutionProgress? progress = null)
    {
        _client = client;
        _options = options;
        _backoff = backoff;
        _time = time;
        _logger = logger;
        _progress = progress;
    }

    public bool IsConfigured => _client is not null;

    /// <summary>A channel with connect timeout and keep-alive pings, so a dead farm is noticed mid-build.</summary>
    public static BuildFarm.BuildFarmClient? CreateClient(FarmClientOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Address))
        {
            return null;
        }

        var credentials = new FarmCredentials(options);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(15),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            EnableMultipleHttp2Connections = true,
        };
        if (credentials.TlsOptions() is { } tls)
        {
            handler.SslOptions = tls;
        }

        var channel = GrpcChannel.ForAddress(options.Address, new GrpcChannelOptions { HttpHandler = handler });
        if (string.IsNullOrEmpty(options.TokenFile))
        {
            return new BuildFarm.BuildFarmClient(channel);
        }

        // The validator refuses a token over plain text to anything but loopback; this keeps it so if that check is bypassed.
        var address = new Uri(options.Address);
        if (!FarmCredentials.MayCarryToken(address))
        {
            throw new InvalidOperationException($"a bearer token is never sent over plain text to {address.Host}");
        }

        return new BuildFarm.BuildFarmClient(channel.Intercept(credentials.AddToken));
    }

    public async Task<FarmBuildResult> BuildAsync(ArtifactVariant variant, string requestedBy, Action<BuildEvent> progress, CancellationToken cancellationToken)
    {
        var client = _client ?? throw new ResolutionException(ResolutionFailure.NotFound, "no build farm is configured");
        var deadline = _time.GetUtcNow() + _options.BuildDeadline;
        string? buildId = null;
        long lastSequence = 0;
        // Failures in a row: a stream that delivered new events was healthy, so the next break starts small again.
        var failures = 0;
        // Why the farm was last unavailable: a deadline that ends an attempt after such failures is reported as that.
        string? unavailable = null;
        while (true)
        {
            try
            {
                using var call = buildId is null
                    ? client.Build(new BuildRequest
                    {
                        Variant = ProtocolMapping.ToProto(variant.Kernel),
                        Driver = ProtocolMapping.ToProto(variant.Driver),
                        RequestedBy = requestedBy,
                    }, deadline: deadline.UtcDateTime, cancellationToken: cancellationToken)
                    : client.WatchBuild(new WatchBuildRequest { BuildId = buildId }, deadline: deadline.UtcDateTime, cancellationToken: cancellationToken);
                await foreach (var e in call.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    if (buildId != e.BuildId)
                    {
                        lastSequence = 0;
                    }

                    buildId = e.BuildId;
                    if (e.Sequence <= lastSequence)
                    {
                        continue;
                    }

                    lastSequence = e.Sequence;
                    failures = 0;
                    progress(e);
                    var end = Terminal(e);
                    if (end is not null)
                    {
                        return end;
                    }
                }

                // A farm that keeps ending streams early must not be hammered with re-attaches either.
                var pause = _backoff.Delay(++failures);
                if (_time.GetUtcNow() + pause >= deadline)
                {
                    throw new ResolutionException(ResolutionFailure.Unreachable,
                        $"the build farm at {_options.Address} kept ending the stream of build {buildId ?? "(none)"} early until the deadline ({_options.BuildDeadline})");
                }

                var wait = Task.Delay(pause, _time, cancellationToken);
                LogStreamEnded(buildId ?? "(none)", pause.TotalSeconds);
                _progress?.Report($"waiting for the build farm at {_options.Address} (attempt {failures}): the stream of build {buildId ?? "(none)"} ended early; " +
                                  $"re-attaching in {pause.TotalSeconds:0} s");
                await wait;
            }
            catch (RpcException e) when (IsTransient(e.StatusCode))
            {
                var delay = _backoff.Delay(++failures, ServerRetryDelay(e));
                unavailable = e.Status.Detail;
                if (_time.GetUtcNow() + delay >= deadline)
                {
                    throw new ResolutionException(ResolutionFailure.Unreachable,
                        $"the build farm at {_options.Address} stayed unavailable until the deadline ({_options.BuildDeadline}): {e.Status.Detail}", e);
                }

                // The timer starts before the line is logged, so whoever reads the log knows the wait has begun.
                var wait = Task.Delay(delay, _time, cancellationToken);
                LogRetrying(e.StatusCode, failures, delay.TotalSeconds, e.Status.Detail);
                _progress?.Report($"waiting for the build farm at {_options.Address} (attempt {failures}): {e.StatusCode}; next try in {delay.TotalSeconds:0} s");
                await wait;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.DeadlineExceeded)
            {
                throw new ResolutionException(ResolutionFailure.Unreachable, unavailable is null
                    ? $"no result from the build farm within the deadline ({_options.BuildDeadline})"
                    : $"the build farm at {_options.Address} stayed unavailable until the deadline ({_options.BuildDeadline}): {unavailable}", e);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound && buildId is not null)
            {
                // The farm restarted and forgot the build: ask again; it builds or answers from the store.
                buildId = null;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
            {
                // The agent is stopping: that is no verdict on the build.
                throw new OperationCanceledException("the wait for the build farm was cancelled", e, cancellationToken);
            }
            catch (RpcException e)
            {
                throw new ResolutionException(ResolutionFailure.BuildFailed, $"the build farm refused the request ({e.StatusCode}): {e.Status.Detail}", e);
            }
        }
    }

    public async Task<int> ReportDemandAsync(
        string hostId, IReadOnlyList<KernelIdentity> installed, IReadOnlyList<KernelIdentity> missed, CancellationToken cancellationToken)
    {
        var client = _client ?? throw new DemandReportException("no build farm is configured");
        var request = new ReportDemandRequest { HostId = hostId };
        request.InstalledKernels.AddRange(installed.Select(ProtocolMapping.ToProto));
        request.MissedKernels.AddRange(missed.Select(ProtocolMapping.ToProto));
        try
        {
            // One attempt: the report is repeated after the next pass anyway, so a busy farm is not retried at.
            var response = await client.ReportDemandAsync(request, deadline: (_time.GetUtcNow() + _options.CallTimeout).UtcDateTime, cancellationToken: cancellationToken);
            return response.RecordedKernels;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("the demand report was cancelled", e, cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.DeadlineExceeded)
        {
            throw new DemandReportException($"the build farm at {_options.Address} did not answer the demand report within {_options.CallTimeout}", e);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
        {
            throw new DemandReportException($"the build farm at {_options.Address} does not take demand reports (a farm older than ReportDemand)", e);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
        {
            var fields = e.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => $"{v.Field} {v.Description}").ToList();
            throw new DemandReportException(
                $"the build farm at {_options.Address} refused the demand report: " + (fields is { Count: > 0 } ? string.Join("; ", fields) : e.Status.Detail), e);
        }
        catch (RpcException e)
        {
            throw new DemandReportException($"the build farm at {_options.Address} did not take the demand report ({e.StatusCode}): {e.Status.Detail}", e);
        }
    }

    private static FarmBuildResult? Terminal(BuildEvent e) => e.DetailCase switch
    {
        BuildEvent.DetailOneofCase.Succeeded => new FarmBuildResult(e.BuildId, e.Succeeded.Artifact, e.Succeeded.AlreadyPublished),
        BuildEvent.DetailOneofCase.Failed => throw new ResolutionException(ResolutionFailure.BuildFailed,
            $"build {e.BuildId} failed ({e.Failed.Reason}): {e.Failed.Message}"),
        BuildEvent.DetailOneofCase.Cancelled => throw new ResolutionException(ResolutionFailure.BuildFailed,
            $"build {e.BuildId} was cancelled: {e.Cancelled.Reason}"),
        _ => null,
    };

    private static bool IsTransient(StatusCode code) =>
        code is StatusCode.Unavailable or StatusCode.ResourceExhausted or StatusCode.Aborted or StatusCode.Internal;

    private static TimeSpan? ServerRetryDelay(RpcException e) =>
        e.GetRpcStatus()?.GetDetail<RetryInfo>()?.RetryDelay?.ToTimeSpan();

    [LoggerMessage(EventId = AgentEventIds.BuildBackoff, Level = LogLevel.Warning, Message = "build farm answered {StatusCode} (attempt {Attempt}); retrying in {DelaySeconds:0.0} s: {Detail}")]
    private partial void LogRetrying(StatusCode statusCode, int attempt, double delaySeconds, string detail);

    [LoggerMessage(EventId = AgentEventIds.BuildStreamEnded, Level = LogLevel.Warning, Message = "the build stream of {BuildId} ended before the build did; re-attaching in {DelaySeconds:0.0} s")]
    private partial void LogStreamEnded(string buildId, double delaySeconds);
}
