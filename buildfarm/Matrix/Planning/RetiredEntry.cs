namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>An entry of the previous snapshot that is not in the new matrix, and why.</summary>
internal sealed record RetiredEntry(MatrixEntry Entry, RetireReason Reason);
