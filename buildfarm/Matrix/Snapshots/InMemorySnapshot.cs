namespace KernelAgent.BuildFarm.Matrix.Snapshots;

/// <summary>A snapshot already in memory (or none), as a plan's previous snapshot.</summary>
public sealed class InMemorySnapshot(MatrixSnapshot? snapshot) : IPreviousSnapshot
{
    public static InMemorySnapshot None { get; } = new(null);

    public Task<SnapshotHeader?> ReadAsync(ISnapshotEntryVisitor visitor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        foreach (var entry in snapshot?.Entries ?? [])
        {
            if (visitor.Current(entry.Id) is { } current)
            {
                visitor.Matched(current, PreviousEntryState.Of(entry));
            }
            else
            {
                visitor.Unmatched(entry);
            }
        }

        return Task.FromResult(snapshot?.Header);
    }
}
