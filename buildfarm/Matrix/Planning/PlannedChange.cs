namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>An added or changed entry and why; <see cref="Previous"/> is the snapshot's version of a changed one.</summary>
internal sealed record PlannedChange(MatrixEntry Entry, ChangeReasons Reasons, MatrixEntry? Previous);
