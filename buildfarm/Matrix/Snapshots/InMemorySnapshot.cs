using KernelAgent.BuildFarm.Matrix.Planning;

namespace KernelAgent.BuildFarm.Matrix.Snapshots;

/// <summary>A snapshot already in memory (or none), as a plan's previous snapshot.</summary>
public sealed class InMemorySnapshot(MatrixSnapshot? snapshot) : IPreviousSnapshot
{
    public static InMemorySnapshot None { get; } = new(null);

    public Task<SnapshotHeader?> ReadAsync(Action<MatrixEntry> onEntry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onEntry);
        foreach (var entry in snapshot?.Entries ?? [])
        {
            onEntry(entry);
        }

        return Task.FromResult(snapshot?.Header);
    }
}
