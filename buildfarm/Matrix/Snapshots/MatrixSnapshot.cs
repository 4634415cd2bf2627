using KernelAgent.BuildFarm.Matrix.Planning;

namespace KernelAgent.BuildFarm.Matrix.Snapshots;

/// <summary>
/// The published matrix after one apply (docs/catalog-format.md, "Snapshot"): every entry whose artifact was
/// built (or already published), and the header naming the policy and toolchains. Stored under
/// v1/snapshots/&lt;policy&gt;/&lt;id&gt;.json.gz, each with a new id; none is ever overwritten.
/// </summary>
/// <param name="Header">Id, policy, time, lineage and toolchains.</param>
/// <param name="Entries">The matrix, ordered by entry id.</param>
internal sealed record MatrixSnapshot(SnapshotHeader Header, IReadOnlyList<MatrixEntry> Entries);
