using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Demand;
using KernelAgent.BuildFarm.Matrix.Policy;
using KernelAgent.BuildFarm.Matrix.Snapshots;

namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>Computes the matrix a policy gives over a catalog and diffs it against the previous snapshot.</summary>
internal interface IMatrixPlanner
{
    /// <exception cref="MatrixPlanException">The policy names drivers that are not registered.</exception>
    Task<MatrixPlan> PlanAsync(
        SupportPolicy policy, KernelCatalog catalog, MatrixSnapshot? previous, IReadOnlyList<DemandedKernel> demand, CancellationToken cancellationToken);
}
