using KernelAgent.BuildFarm.Matrix.Snapshots;

namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>The diff of a new matrix against the previous snapshot (null header: there was none).</summary>
internal sealed record PlanDiff(
    SnapshotHeader? Previous, int PreviousEntries, List<PlannedChange> Added, List<PlannedChange> Changed, List<RetiredEntry> Retired, int Unchanged);
