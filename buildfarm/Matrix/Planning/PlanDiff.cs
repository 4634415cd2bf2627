namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>The diff of a new matrix against the previous snapshot.</summary>
internal sealed record PlanDiff(List<PlannedChange> Added, List<PlannedChange> Changed, List<RetiredEntry> Retired, int Unchanged);
