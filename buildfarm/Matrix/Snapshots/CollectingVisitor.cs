using KernelAgent.BuildFarm.Matrix.Planning;

namespace KernelAgent.BuildFarm.Matrix.Snapshots;

/// <summary>Reads every entry whole, for callers that want the snapshot itself.</summary>
internal sealed class CollectingVisitor : ISnapshotEntryVisitor
{
    public List<MatrixEntry> Entries { get; } = [];

    public MatrixEntry? Current(Sha256Digest id) => null;

    public void Matched(MatrixEntry current, PreviousEntryState previous) => Entries.Add(previous.ToEntry(current));

    public void Unmatched(MatrixEntry previous) => Entries.Add(previous);
}
