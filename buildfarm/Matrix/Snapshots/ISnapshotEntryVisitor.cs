using KernelAgent.BuildFarm.Matrix.Planning;

namespace KernelAgent.BuildFarm.Matrix.Snapshots;

/// <summary>
/// Receives a snapshot's entries as they are read. Entries the new matrix also has (the same id: same kernel,
/// same driver) come with only what can differ, so the 98% that usually match cost no allocation.
/// </summary>
public interface ISnapshotEntryVisitor
{
    /// <summary>The new matrix's entry with this id; null when it has none (the previous entry is then read whole).</summary>
    MatrixEntry? Current(Sha256Digest id);

    /// <summary>A previous entry whose id <paramref name="current"/> has.</summary>
    void Matched(MatrixEntry current, PreviousEntryState previous);

    /// <summary>A previous entry the new matrix does not have.</summary>
    void Unmatched(MatrixEntry previous);
}
