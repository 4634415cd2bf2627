namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>A plan that cannot be made (e.g. the policy names drivers the farm has not registered); lists every problem.</summary>
internal sealed class MatrixPlanException(IReadOnlyList<string> problems)
    : Exception($"The matrix cannot be planned:\n  {string.Join("\n  ", problems)}")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
