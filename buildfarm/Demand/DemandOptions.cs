using System.ComponentModel.DataAnnotations;

namespace KernelAgent.BuildFarm.Demand;

/// <summary>How the farm keeps the demand hosts report (configuration section <c>Matrix:Demand</c>).</summary>
internal sealed class DemandOptions
{
    public const string Section = "Matrix:Demand";

    /// <summary>How often recorded demand is written to the store (also at shutdown). Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Distinct hosts remembered per kernel and flush; more add nothing to a hot-set decision. Default 1000.</summary>
    [Range(1, 1_000_000)]
    public int MaxHostsPerKernel { get; set; } = 1000;

    /// <summary>Distinct kernels held between flushes; reports beyond it are dropped until the next flush. Default 100000.</summary>
    [Range(1, 10_000_000)]
    public int MaxKernels { get; set; } = 100_000;

    /// <summary>
    /// Host entries (a kernel reported by a host) held between flushes, all kernels together; a report that would
    /// go beyond is refused with RESOURCE_EXHAUSTED until the next flush. Bounds the farm's memory. Default 200000.
    /// </summary>
    [Range(1, 100_000_000)]
    public int MaxPendingHostEntries { get; set; } = 200_000;

    /// <summary>
    /// Bytes of demand this farm writes to the store per UTC day; once reached, reports are refused with
    /// RESOURCE_EXHAUSTED until the next day. Bounds the demand store. Default 64 MiB.
    /// </summary>
    [Range(1024L, 1L << 40)]
    public long MaxBytesPerDay { get; set; } = 64L * 1024 * 1024;

    /// <summary>Reports one caller (authenticated name, else address) may make per minute, on average. Default 60.</summary>
    [Range(1, 1_000_000)]
    public int ReportsPerMinute { get; set; } = 60;

    /// <summary>Reports one caller may make at once before the per-minute rate applies (a fleet behind one address after a reboot). Default 60.</summary>
    [Range(1, 1_000_000)]
    public int ReportBurst { get; set; } = 60;

    /// <summary>Callers whose rate is tracked at once; the longest idle is forgotten first. Default 100000.</summary>
    [Range(1, 10_000_000)]
    public int MaxCallers { get; set; } = 100_000;

    /// <summary>Largest ReportDemand request in bytes (protobuf encoding). Default 64 KiB.</summary>
    [Range(256, 4 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 64 * 1024;

    /// <summary>Most kernels in one report, installed and missed together (the agent sends at most 64 of each). Default 128.</summary>
    [Range(1, 10_000)]
    public int MaxKernelsPerReport { get; set; } = 128;
}
