using Grpc.Core;
using KernelAgent.Protocol.V1;

namespace KernelAgent.Agent.Tests.Resolution;

/// <summary>
/// The farm's gRPC service as a script: each Build or WatchBuild call takes the next step the test queued, so a
/// test states exactly what the farm answers on the first call, the second, and so on.
/// </summary>
internal sealed class ScriptedBuildFarm : BuildFarm.BuildFarmBase
{
    private readonly Lock _gate = new();
    private readonly Queue<Func<IServerStreamWriter<BuildEvent>, ServerCallContext, Task>> _steps = new();
    private readonly List<string> _calls = [];

    /// <summary>Every call so far: "Build &lt;driver&gt; by &lt;requester&gt;" or "WatchBuild &lt;id&gt;".</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public ScriptedBuildFarm Then(Func<IServerStreamWriter<BuildEvent>, ServerCallContext, Task> step)
    {
        lock (_gate)
        {
            _steps.Enqueue(step);
        }

        return this;
    }

    /// <summary>Streams <paramref name="events"/> and ends the call normally.</summary>
    public ScriptedBuildFarm ThenStream(params BuildEvent[] events) => Then(async (stream, _) =>
    {
        foreach (var e in events)
        {
            await stream.WriteAsync(e);
        }
    });

    /// <summary>Fails the call with <paramref name="error"/> before sending anything.</summary>
    public ScriptedBuildFarm ThenFail(RpcException error) => Then((_, _) => Task.FromException(error));

    /// <summary>Answers ReportDemand calls; by default the farm records every distinct kernel.</summary>
    public Func<ReportDemandRequest, ServerCallContext, Task<ReportDemandResponse>> OnReportDemand { get; set; } = (request, _) =>
        Task.FromResult(new ReportDemandResponse { RecordedKernels = request.InstalledKernels.Concat(request.MissedKernels).Distinct().Count() });

    public override Task<ReportDemandResponse> ReportDemand(ReportDemandRequest request, ServerCallContext context)
    {
        lock (_gate)
        {
            _calls.Add($"ReportDemand {request.HostId}");
        }

        return OnReportDemand(request, context);
    }

    public override Task Build(BuildRequest request, IServerStreamWriter<BuildEvent> responseStream, ServerCallContext context) =>
        Next($"Build {request.Driver.Name} by {request.RequestedBy}")(responseStream, context);

    public override Task WatchBuild(WatchBuildRequest request, IServerStreamWriter<BuildEvent> responseStream, ServerCallContext context) =>
        Next($"WatchBuild {request.BuildId}")(responseStream, context);

    private Func<IServerStreamWriter<BuildEvent>, ServerCallContext, Task> Next(string call)
    {
        lock (_gate)
        {
            _calls.Add(call);
            return _steps.TryDequeue(out var step)
                ? step
                : (_, _) => Task.FromException(new RpcException(new Status(StatusCode.FailedPrecondition, $"the test scripted no answer for call {_calls.Count} ({call})")));
        }
    }
}
