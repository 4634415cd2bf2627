using KernelAgent.BuildFarm.Matrix.Planning;

namespace KernelAgent.BuildFarm.Cli;

/// <summary>
/// What <c>matrix apply</c> tells an operator whose kept headers roots are fewer than the matrix's kernels. An apply
/// visits the kernels in the same order each run, so the root evicted last is always the next one needed and the
/// next run (a driver bump) extracts every kernel's headers again.
/// </summary>
internal static class KeptRootsAdvice
{
    /// <param name="keep">Headers:Roots:Keep; 0 means the operator keeps none on purpose.</param>
    /// <param name="plan">The plan about to be applied.</param>
    public static string? For(int keep, MatrixPlan plan)
    {
        var kernels = plan.Entries.Select(e => e.Kernel).Distinct().Count();
        return keep > 0 && keep < kernels
            ? $"! Headers:Roots:Keep is {keep} but this matrix has {kernels} kernels: the next apply will extract their headers again; " +
              $"keep at least {kernels} roots (docs/headers.md, \"Kept headers roots\")"
            : null;
    }
}
