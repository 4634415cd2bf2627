namespace KernelAgent.BuildFarm.Matrix.Snapshots;

/// <summary>
/// The snapshot a plan diffs against, read once, entry by entry: a 100k-entry snapshot is never held whole, the
/// planner keeps only what differs.
/// </summary>
public interface IPreviousSnapshot
{
    /// <summary>Hands every entry to <paramref name="visitor"/>, then returns the header; null when there is no snapshot.</summary>
    /// <exception cref="KernelAgent.Store.Backends.StoreException">The store failed.</exception>
    /// <exception cref="MatrixDocumentException">The snapshot is damaged.</exception>
    Task<SnapshotHeader?> ReadAsync(ISnapshotEntryVisitor visitor, CancellationToken cancellationToken);
}
