namespace KernelAgent.BuildFarm.Signing;

/// <summary>Counts per outcome.</summary>
internal sealed class ResignReport
{
    private readonly Dictionary<ResignOutcome, int> _counts = [];

    public int this[ResignOutcome outcome] => _counts.GetValueOrDefault(outcome);

    public void Add(ResignOutcome outcome) => _counts[outcome] = this[outcome] + 1;

    public override string ToString() =>
        $"{this[ResignOutcome.Resigned]} re-signed, {this[ResignOutcome.Current]} already current, " +
        $"{this[ResignOutcome.Mismatched]} not re-signed (module digest mismatch), {this[ResignOutcome.Skipped]} skipped";
}
