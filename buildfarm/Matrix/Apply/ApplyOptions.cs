using KernelAgent.BuildFarm.Demand;

namespace KernelAgent.BuildFarm.Matrix.Apply;

/// <summary>How an apply fans out.</summary>
internal sealed record ApplyOptions
{
    /// <summary>Entries queued at once; the next chunk is queued when every build of this one has ended. Default 16.</summary>
    public int ChunkSize { get; init; } = 16;

    /// <summary>Recorded with each build as who asked for it.</summary>
    public string RequestedBy { get; init; } = "kernel-buildfarm matrix apply";

    /// <summary>Told as each added or changed entry's build ends, in the order they end. Default none.</summary>
    public IProgress<ApplyProgress>? Progress { get; init; }

    /// <summary>
    /// Kernels hosts reported: their entries are queued first (misses, then installed-but-not-running kernels, most
    /// hosts first), before the rest of the window. Default none: the plan's order.
    /// </summary>
    public IReadOnlyList<DemandedKernel> Demand { get; init; } = [];

    /// <summary>
    /// Entry ids not built this run (a failed build waiting for its retry): they keep their previous state in the
    /// snapshot, as a failed entry does, so a later plan offers them again. Default none.
    /// </summary>
    public IReadOnlySet<string> Deferred { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}
