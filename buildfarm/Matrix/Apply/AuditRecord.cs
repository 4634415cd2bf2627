namespace KernelAgent.BuildFarm.Matrix.Apply;

/// <summary>
/// Why one entry was built or retired in one run, and what came of it: v1/audit/&lt;policy&gt;/&lt;run&gt;/&lt;entry id&gt;.json
/// (docs/catalog-format.md, "Audit record"). Written once, with a conditional create.
/// </summary>
internal sealed record AuditRecord
{
    public const string CurrentFormat = "kernelagent-matrix-audit/v1";

    public string Format { get; init; } = CurrentFormat;

    public required string Run { get; init; }

    public required string Policy { get; init; }

    /// <summary>The snapshot this run wrote.</summary>
    public required string Snapshot { get; init; }

    /// <summary>The snapshot the plan was made against; null for the first.</summary>
    public string? PreviousSnapshot { get; init; }

    public required string EntryId { get; init; }

    /// <summary>"build" or "retire".</summary>
    public required string Action { get; init; }

    /// <summary>Reason words (docs/catalog-format.md): "new kernel", "driver version bump", "left the release window", ...</summary>
    public required IReadOnlyList<string> Reasons { get; init; }

    /// <summary>"policy" or "demand".</summary>
    public required string Source { get; init; }

    public required AuditVariant Variant { get; init; }

    public required string VariantKey { get; init; }

    public required string BuildKey { get; init; }

    public string? PreviousBuildKey { get; init; }

    /// <summary>For a superseding rebuild: history key of the attestation it replaced (docs/store-layout.md, "Superseding").</summary>
    public string? SupersededAttestation { get; init; }

    /// <summary>For a superseding rebuild: the build key the replaced attestation recorded, when it recorded one.</summary>
    public string? SupersededBuildKey { get; init; }

    public required string HeadersDigest { get; init; }

    public required string DriverSourceDigest { get; init; }

    public required string Toolchain { get; init; }

    /// <summary>"published", "already-published", "failed", "cancelled" or "retired".</summary>
    public required string Outcome { get; init; }

    public string? BuildId { get; init; }

    public string? Message { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }
}
