using System.Diagnostics.Metrics;

namespace KernelAgent.BuildFarm.Builds;

/// <summary>The farm's instruments (meter <c>KernelAgent.BuildFarm</c>), exported at /metrics.</summary>
public sealed class BuildMetrics : IDisposable
{
    public const string MeterName = "KernelAgent.BuildFarm";

    private readonly Meter _meter;
    private readonly Counter<long> _builds;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _resolves;

    public BuildMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(MeterName);
        _builds = _meter.CreateCounter<long>("kernelagent_builds_total", description: "Builds finished, by outcome");
        _duration = _meter.CreateHistogram<double>("kernelagent_build_duration_seconds", "s", "Build wall time from start to end");
        _resolves = _meter.CreateCounter<long>("kernelagent_resolves_total", description: "Resolve calls, by result (hit/miss)");
    }

    public void BuildFinished(string outcome, BuildJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        _builds.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        if (job.Started is { } started && job.Finished is { } finished)
        {
            _duration.Record((finished - started).TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    public void Resolved(bool hit) => _resolves.Add(1, new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    public void Dispose() => _meter.Dispose();
}
