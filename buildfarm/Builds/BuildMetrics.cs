using System.Diagnostics.Metrics;
using KernelAgent.BuildFarm.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelAgent.BuildFarm.Builds;

/// <summary>The farm's instruments (meter <c>KernelAgent.BuildFarm</c>), exported at /metrics.</summary>
internal sealed class BuildMetrics : IDisposable
{
    public const string MeterName = "KernelAgent.BuildFarm";

    /// <summary>Wall time of one phase of a build (<see cref="BuildPhase"/>), by phase.</summary>
    public const string PhaseDurationName = "kernelagent_build_phase_duration_seconds";

    private readonly Meter _meter;
    private readonly Counter<long> _builds;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _resolves;
    private readonly Histogram<double> _phases;
    private readonly Counter<long> _headerRoots;
    private readonly ILogger _logger;

    /// <param name="meters">Where the instruments are created.</param>
    /// <param name="logger">Carries the PHASE field of the events logged inside a timed phase.</param>
    public BuildMetrics(IMeterFactory meters, ILogger<BuildMetrics>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _logger = logger ?? NullLogger<BuildMetrics>.Instance;
        _meter = meters.Create(MeterName);
        _builds = _meter.CreateCounter<long>("kernelagent_builds_total", description: "Builds finished, by outcome");
        _duration = _meter.CreateHistogram<double>("kernelagent_build_duration_seconds", "s", "Build wall time from start to end");
        _resolves = _meter.CreateCounter<long>("kernelagent_resolves_total", description: "Resolve calls, by result (hit/miss)");
        _phases = _meter.CreateHistogram<double>(PhaseDurationName, "s", "Wall time of one build phase, by phase");
        _headerRoots = _meter.CreateCounter<long>("kernelagent_headers_roots_total", description: "Builds' headers roots, by result (reused/extracted)");
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

    /// <summary>Records a finished phase (also one that failed: its time was spent all the same).</summary>
    public void PhaseFinished(string phase, TimeSpan elapsed) =>
        _phases.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("phase", phase));

    /// <summary>Runs one phase and records its wall time, whether it succeeds or throws; its events carry PHASE.</summary>
    public async Task<T> TimeAsync<T>(string phase, TimeProvider time, Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(work);
        using var scope = _logger.BeginPhaseScope(phase);
        var started = time.GetTimestamp();
        try
        {
            return await work();
        }
        finally
        {
            PhaseFinished(phase, time.GetElapsedTime(started));
        }
    }

    public void HeadersRoot(bool reused) => _headerRoots.Add(1, new KeyValuePair<string, object?>("result", reused ? "reused" : "extracted"));

    public void Dispose() => _meter.Dispose();
}
