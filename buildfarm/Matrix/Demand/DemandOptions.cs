using System.ComponentModel.DataAnnotations;

namespace KernelAgent.BuildFarm.Matrix.Demand;

/// <summary>How the farm keeps the demand hosts report (configuration section <c>Matrix:Demand</c>).</summary>
public sealed class DemandOptions
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
}
