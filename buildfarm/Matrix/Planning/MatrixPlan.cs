using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Matrix.Policy;
using KernelAgent.BuildFarm.Matrix.Snapshots;

namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>The diff of the matrix a policy gives today against the last published snapshot.</summary>
/// <param name="Policy">The policy planned.</param>
/// <param name="Previous">The header of the snapshot diffed against; null when the policy has none yet.</param>
/// <param name="PreviousEntries">How many entries that snapshot has.</param>
/// <param name="Entries">The whole new matrix, ordered by entry id.</param>
/// <param name="Added">Entries the snapshot does not have.</param>
/// <param name="Changed">Entries whose build key differs from the snapshot's.</param>
/// <param name="Retired">Snapshot entries the new matrix does not have.</param>
/// <param name="UnchangedCount">Entries with the snapshot's build key.</param>
/// <param name="Unresolved">Kernels the policy includes whose exact build string is unknown (no entry can be keyed).</param>
/// <param name="Toolchains">Description of each toolchain digest the entries name.</param>
/// <param name="Warnings">What the planner left out and why.</param>
internal sealed record MatrixPlan(
    SupportPolicy Policy,
    SnapshotHeader? Previous,
    int PreviousEntries,
    IReadOnlyList<MatrixEntry> Entries,
    IReadOnlyList<PlannedChange> Added,
    IReadOnlyList<PlannedChange> Changed,
    IReadOnlyList<RetiredEntry> Retired,
    int UnchangedCount,
    IReadOnlyList<CatalogKernel> Unresolved,
    IReadOnlyDictionary<string, string> Toolchains,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Nothing to build or retire and the policy is the snapshot's: an apply would change nothing.</summary>
    public bool IsEmpty => Added.Count == 0 && Changed.Count == 0 && Retired.Count == 0 && Previous is not null && Previous.PolicyDigest == Policy.Digest;
}
