using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using KernelAgent.BuildFarm.Builds;

namespace KernelAgent.BuildFarm.Hosting;

/// <summary>
/// Collects the farm's meter and renders it in the Prometheus text exposition format (version 0.0.4):
/// counters as <c>_total</c> series, histograms as cumulative <c>_bucket</c>, <c>_sum</c> and <c>_count</c>.
/// Written here because the OpenTelemetry Prometheus exporter is prerelease-only in the package mirror.
/// </summary>
internal sealed class PrometheusMetrics : IDisposable
{
    private static readonly double[] Buckets = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800];

    // Phases such as signing and publishing take milliseconds; a warm compile about a second.
    private static readonly double[] PhaseBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600];
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, double> _counters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HistogramState> _histograms = new(StringComparer.Ordinal);
    private readonly Func<int> _queueDepth;

    public PrometheusMetrics(IBuildCoordinator coordinator, IMeterFactory meters)
    {
        _queueDepth = () => coordinator.QueueDepth;
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
            _counters.AddOrUpdate(Series(instrument.Name, tags), value, (_, old) => old + value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            _histograms.GetOrAdd(Series(instrument.Name, tags), _ => new HistogramState(
                instrument.Name == BuildMetrics.PhaseDurationName ? PhaseBuckets : Buckets)).Record(value));
        _listener.Start();
    }

    public string Render()
    {
        var text = new StringBuilder();
        text.Append("# TYPE kernelagent_build_queue_depth gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"kernelagent_build_queue_depth {_queueDepth()}\n");
        foreach (var group in _counters.GroupBy(c => c.Key.Split('{')[0], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"# TYPE {group.Key} counter\n");
            foreach (var (series, value) in group.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"{series} {value}\n");
            }
        }

        foreach (var group in _histograms.GroupBy(c => c.Key.Split('{')[0], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"# TYPE {group.Key} histogram\n");
            foreach (var (series, state) in group.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                state.Render(text, series);
            }
        }

        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    private static string Series(string name, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return name;
        }

        var labels = new List<string>();
        foreach (var tag in tags)
        {
            labels.Add($"{tag.Key}=\"{tag.Value}\"");
        }

        return $"{name}{{{string.Join(',', labels)}}}";
    }

    private sealed class HistogramState(double[] buckets)
    {
        private readonly long[] _counts = new long[buckets.Length];
        private long _count;
        private double _sum;

        public void Record(double value)
        {
            lock (this)
            {
                _count++;
                _sum += value;
                for (var i = 0; i < buckets.Length; i++)
                {
                    if (value <= buckets[i])
                    {
                        _counts[i]++;
                    }
                }
            }
        }

        public void Render(StringBuilder text, string series)
        {
            var brace = series.IndexOf('{', StringComparison.Ordinal);
            var name = brace < 0 ? series : series[..brace];
            var labels = brace < 0 ? string.Empty : series[(brace + 1)..^1] + ",";
            lock (this)
            {
                for (var i = 0; i < buckets.Length; i++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{labels}le=\"{buckets[i]}\"}} {_counts[i]}\n");
                }

                text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{labels}le=\"+Inf\"}} {_count}\n");
                text.Append(CultureInfo.InvariantCulture, $"{name}_sum{(brace < 0 ? string.Empty : series[brace..])} {_sum}\n");
                text.Append(CultureInfo.InvariantCulture, $"{name}_count{(brace < 0 ? string.Empty : series[brace..])} {_count}\n");
            }
        }
    }
}
