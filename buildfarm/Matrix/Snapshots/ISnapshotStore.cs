namespace KernelAgent.BuildFarm.Matrix.Snapshots;

/// <summary>The matrix snapshots of each policy in the artifact store: written once each, read newest first.</summary>
internal interface ISnapshotStore
{
    /// <summary>The newest snapshot of a policy; null when it has none yet.</summary>
    /// <exception cref="KernelAgent.Store.Backends.StoreException">The store failed.</exception>
    /// <exception cref="MatrixDocumentException">The newest snapshot is damaged.</exception>
    Task<MatrixSnapshot?> LatestAsync(string policyName, CancellationToken cancellationToken);

    /// <summary>Store keys of a policy's snapshots, oldest first.</summary>
    Task<IReadOnlyList<string>> ListAsync(string policyName, CancellationToken cancellationToken);

    /// <summary>Writes a new snapshot beside the others and returns its key; an existing key is never overwritten.</summary>
    /// <exception cref="KernelAgent.Store.Backends.StoreException">The store failed, or (Conflict) a snapshot with that id exists.</exception>
    Task<string> WriteAsync(MatrixSnapshot snapshot, CancellationToken cancellationToken);
}
