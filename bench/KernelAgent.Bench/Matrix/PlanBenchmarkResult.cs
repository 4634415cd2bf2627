namespace KernelAgent.Bench.Matrix;

/// <summary>What one synthetic plan measured.</summary>
public sealed record PlanBenchmarkResult(
    int Kernels,
    int SnapshotEntries,
    long CatalogBytes,
    long SnapshotBytes,
    TimeSpan LoadCatalog,
    TimeSpan Plan,
    int Added,
    int Changed,
    int Retired,
    int Unchanged,
    long ResidentAtStart,
    long PeakResidentBytes,
    long AllocatedBytes,
    TimeSpan LoadCatalogProcessorTime,
    TimeSpan ProcessorTime,
    TimeSpan WarmPlan,
    TimeSpan WarmPlanProcessorTime)
{
    public TimeSpan Total => LoadCatalog + Plan;
}
