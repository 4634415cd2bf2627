using KernelAgent.BuildFarm.Matrix.Planning;

namespace KernelAgent.BuildFarm.Matrix.Snapshots;

/// <summary>
/// The published matrix after one apply (docs/catalog-format.md, "Snapshot"): every entry whose artifact was
/// built (or already published), the policy that produced it, and the toolchains its build keys name.
/// Stored under v1/snapshots/&lt;policy&gt;/&lt;id&gt;.json, each with a new id; none is ever overwritten.
/// </summary>
/// <param name="Id">Sortable: "20261123T190000123Z-1a2b3c4d" (UTC time, then random).</param>
/// <param name="PolicyName">The policy's name; each policy has its own series of snapshots.</param>
/// <param name="CreatedAt">When the apply that wrote it finished.</param>
/// <param name="PreviousId">The snapshot the apply's plan was made against; null for the first.</param>
/// <param name="RunId">The apply run (its audit records are under v1/audit/&lt;policy&gt;/&lt;run&gt;/).</param>
/// <param name="PolicyJson">The policy in canonical form (<see cref="Policy.SupportPolicy.CanonicalJson"/>).</param>
/// <param name="Toolchains">Description of each toolchain digest the entries name.</param>
/// <param name="Entries">The matrix, ordered by entry id.</param>
public sealed record MatrixSnapshot(
    string Id,
    string PolicyName,
    DateTimeOffset CreatedAt,
    string? PreviousId,
    string? RunId,
    string PolicyJson,
    IReadOnlyDictionary<Sha256Digest, string> Toolchains,
    IReadOnlyList<MatrixEntry> Entries)
{
    /// <summary>Value of the document's "format" field.</summary>
    public const string Format = "kernelagent-matrix-snapshot/v1";

    public Sha256Digest PolicyDigest => Sha256Digest.OfText(PolicyJson);
}
