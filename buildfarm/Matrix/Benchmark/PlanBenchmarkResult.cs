namespace KernelAgent.BuildFarm.Matrix.Benchmark;

/// <summary>What one synthetic plan measured.</summary>
public sealed record PlanBenchmarkResult(
    int Kernels,
    int SnapshotEntries,
    long CatalogBytes,
    long SnapshotBytes,
    TimeSpan LoadCatalog,
    TimeSpan LoadSnapshot,
    TimeSpan Plan,
    int Added,
    int Changed,
    int Retired,
    int Unchanged,
    long PeakResidentBytes,
    bool PeakCoversPlanOnly,
    long AllocatedBytes)
{
    public TimeSpan Total => LoadCatalog + LoadSnapshot + Plan;
}
