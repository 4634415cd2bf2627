using KernelAgent.BuildFarm.Api;
using KernelAgent.Protocol.V1;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Demand;

/// <summary>
/// ReportDemand from the caller's side: each caller's rate, the request's size and kernel count, then every field,
/// then the recorder's capacity. A limit reached is RESOURCE_EXHAUSTED with a google.rpc.RetryInfo saying when to
/// come back, before anything is recorded; a malformed report is INVALID_ARGUMENT.
/// </summary>
internal sealed class DemandIntake(IDemandRecorder recorder, IOptions<DemandOptions> options, TimeProvider time)
{
    private readonly DemandOptions _options = options.Value;
    private readonly DemandRateLimiter _limiter = new(options.Value, time);

    /// <param name="request">The report.</param>
    /// <param name="caller">Who calls: the authenticated name, else the peer's address (one rate per caller).</param>
    /// <exception cref="Grpc.Core.RpcException">RESOURCE_EXHAUSTED (with RetryInfo) or INVALID_ARGUMENT.</exception>
    public ReportDemandResponse Report(ReportDemandRequest request, string caller)
    {
        if (_limiter.TryTake(caller) is { } wait)
        {
            throw RpcErrors.ResourceExhausted(
                $"too many demand reports from {caller} (at most {_options.ReportsPerMinute} a minute, {DemandOptions.Section}:ReportsPerMinute); retry in {wait.TotalSeconds:0} s", wait);
        }

        // Retrying the same report later cannot fit: the hint is the next flush, when a smaller one surely fits.
        var size = request.CalculateSize();
        if (size > _options.MaxRequestBytes)
        {
            throw RpcErrors.ResourceExhausted(
                $"the report is {size} bytes; at most {_options.MaxRequestBytes} are accepted ({DemandOptions.Section}:MaxRequestBytes): report fewer kernels", _options.FlushInterval);
        }

        var kernels = request.InstalledKernels.Count + request.MissedKernels.Count;
        if (kernels > _options.MaxKernelsPerReport)
        {
            throw RpcErrors.ResourceExhausted(
                $"the report names {kernels} kernels; at most {_options.MaxKernelsPerReport} are accepted in one report ({DemandOptions.Section}:MaxKernelsPerReport)", _options.FlushInterval);
        }

        var (hostId, installed, missed) = DemandRequestValidator.Validate(request);
        try
        {
            return new ReportDemandResponse { RecordedKernels = recorder.Record(hostId, installed, missed) };
        }
        catch (DemandCapacityException e)
        {
            throw RpcErrors.ResourceExhausted(e.Message, e.RetryAfter);
        }
    }
}
