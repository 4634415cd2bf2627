using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using KernelAgent.BuildFarm.Builds;
using Prometheus;

namespace KernelAgent.BuildFarm.Hosting;

/// <summary>
/// Publishes this host's <see cref="BuildMetrics"/> instruments in a prometheus-net registry of its own, which
/// /metrics serves (text format with HELP, TYPE and escaped label values; OpenMetrics when asked for).
/// </summary>
/// <remarks>
/// prometheus-net's own MeterAdapter is not used: it prefixes every name with the meter's name, exports counters
/// as gauges and drops a series after five minutes without a measurement, which would rename the farm's metrics
/// and make a quiet farm's build counts disappear. This class only forwards measurements; the library keeps the
/// values and writes the text.
/// </remarks>
internal sealed class PrometheusMetrics : IDisposable
{
    private static readonly double[] Buckets = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800];

    // Phases such as signing and publishing take milliseconds; a warm compile about a second.
    private static readonly double[] PhaseBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600];

    // A kernel's publish lag: minutes when the loop works, hours or days when it does not.
    private static readonly double[] LagBuckets = [30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 86400, 259200];

    private readonly MeterListener _listener = new();
    private readonly MetricFactory _factory;
    private readonly ConcurrentDictionary<Instrument, Counter> _counters = new();
    private readonly ConcurrentDictionary<Instrument, Histogram> _histograms = new();

    public PrometheusMetrics(IBuildCoordinator coordinator, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        Registry = Metrics.NewCustomRegistry();
        _factory = Metrics.WithCustomRegistry(Registry);
        var queueDepth = _factory.CreateGauge("kernelagent_build_queue_depth", "Builds waiting for a worker");
        Registry.AddBeforeCollectCallback(() => queueDepth.Set(coordinator.QueueDepth));

        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // A MeterListener sees every meter of the process: only this host's factory's meter counts, so
            // two farms in one process (tests, benchmarks) never report each other's builds.
            if (instrument.Meter.Name == BuildMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            _counters.GetOrAdd(instrument, CreateCounter, tags.ToArray()).WithLabels(LabelValues(tags)).Inc(value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            _histograms.GetOrAdd(instrument, CreateHistogram, tags.ToArray()).WithLabels(LabelValues(tags)).Observe(value));
        _listener.Start();
    }

    /// <summary>The registry /metrics serves.</summary>
    public CollectorRegistry Registry { get; }

    public void Dispose() => _listener.Dispose();

    // The farm's instruments always pass the same tag keys in the same order, so the first measurement's keys
    // are the series' label names.
    private Counter CreateCounter(Instrument instrument, KeyValuePair<string, object?>[] tags) =>
        _factory.CreateCounter(instrument.Name, instrument.Description ?? instrument.Name, LabelNames(tags));

    private Histogram CreateHistogram(Instrument instrument, KeyValuePair<string, object?>[] tags) =>
        _factory.CreateHistogram(instrument.Name, instrument.Description ?? instrument.Name, new HistogramConfiguration
        {
            LabelNames = LabelNames(tags),
            Buckets = instrument.Name switch
            {
                BuildMetrics.PhaseDurationName => PhaseBuckets,
                Matrix.Scheduling.PrebuildMetrics.PublishLagName => LagBuckets,
                _ => Buckets,
            },
        });

    private static string[] LabelNames(KeyValuePair<string, object?>[] tags) => [.. tags.Select(t => t.Key)];

    private static string[] LabelValues(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var values = new string[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            values[i] = Convert.ToString(tags[i].Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        }

        return values;
    }
}
