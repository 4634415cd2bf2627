using System.Text;
using KernelAgent.Store.Layout;

namespace KernelAgent.BuildFarm.Matrix.Snapshots;

/// <summary>Everything in a snapshot besides its entries (docs/catalog-format.md, "Snapshot").</summary>
/// <param name="Id">Sortable: "20261123T190000123Z-1a2b3c4d" (UTC time, then random).</param>
/// <param name="PolicyName">The policy's name; each policy has its own series of snapshots.</param>
/// <param name="CreatedAt">When the apply that wrote it finished.</param>
/// <param name="PreviousId">The snapshot the apply's plan was made against; null for the first.</param>
/// <param name="RunId">The apply run (its audit records are under v1/audit/&lt;policy&gt;/&lt;run&gt;/).</param>
/// <param name="PolicyJson">The policy in canonical form (<see cref="Policy.SupportPolicy.CanonicalJson"/>).</param>
/// <param name="Toolchains">Description of each toolchain digest the entries name.</param>
internal sealed record SnapshotHeader(
    string Id,
    string PolicyName,
    DateTimeOffset CreatedAt,
    string? PreviousId,
    string? RunId,
    string PolicyJson,
    IReadOnlyDictionary<string, string> Toolchains)
{
    /// <summary>Value of the document's "format" field.</summary>
    public const string Format = "kernelagent-matrix-snapshot/v1";

    public string PolicyDigest => Digests.Sha256Hex(Encoding.UTF8.GetBytes(PolicyJson));
}
