using KernelAgent.BuildFarm.Matrix.Planning;

namespace KernelAgent.BuildFarm.Matrix.Apply;

/// <summary>One entry's outcome in a run, as its audit record has it.</summary>
public sealed record EntryResult(MatrixEntry Entry, EntryOutcome Outcome, string? BuildId, string? Message)
{
    public bool Succeeded => Outcome is EntryOutcome.Published or EntryOutcome.AlreadyPublished;
}
