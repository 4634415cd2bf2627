namespace KernelAgent.BuildFarm.Matrix.Apply;

/// <summary>An apply run: its id, the snapshot it wrote (null when nothing changed), and every entry's outcome.</summary>
internal sealed record ApplyResult(string RunId, string? SnapshotKey, int SnapshotEntries, IReadOnlyList<EntryResult> Entries, TimeSpan Duration)
{
    public int Count(EntryOutcome outcome) => Entries.Count(e => e.Outcome == outcome);
}
