using KernelAgent.BuildFarm.Matrix.Planning;

namespace KernelAgent.BuildFarm.Matrix.Apply;

/// <summary>One entry's outcome in a run, as its audit record has it.</summary>
internal sealed record EntryResult(MatrixEntry Entry, EntryOutcome Outcome, string? BuildId, string? Message)
{
    /// <summary>History key of the attestation a superseding rebuild replaced; null when it replaced none.</summary>
    public string? SupersededAttestation { get; init; }

    /// <summary>The build key recorded in the replaced attestation; null when it recorded none (an on-demand build).</summary>
    public string? SupersededBuildKey { get; init; }

    public bool Succeeded => Outcome is EntryOutcome.Published or EntryOutcome.AlreadyPublished;
}
