using System.Diagnostics.Metrics;
using KernelAgent.BuildFarm.Builds;

namespace KernelAgent.BuildFarm.Matrix.Scheduling;

/// <summary>The prebuild loop's instruments, on the farm's meter so /metrics exports them with the build metrics.</summary>
internal sealed class PrebuildMetrics
{
    /// <summary>From a kernel's first sight in an archive to the publication of one of its modules.</summary>
    public const string PublishLagName = "kernelagent_kernel_publish_lag_seconds";

    private readonly Histogram<double> _lag;
    private readonly Counter<long> _ticks;

    public PrebuildMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        // The factory hands out one Meter per name: these instruments sit beside BuildMetrics' own.
        var meter = meters.Create(BuildMetrics.MeterName);
        _lag = meter.CreateHistogram<double>(PublishLagName, "s", "Time from a kernel's first appearance in an archive to a module for it published, by distro and arch");
        _ticks = meter.CreateCounter<long>("kernelagent_prebuild_ticks_total", description: "Prebuild loop ticks, by outcome (unchanged, applied, busy, failed)");
    }

    public void Published(string distro, string arch, TimeSpan lag) =>
        _lag.Record(lag.TotalSeconds, new KeyValuePair<string, object?>("distro", distro), new KeyValuePair<string, object?>("arch", arch));

    public void Ticked(string outcome) => _ticks.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
