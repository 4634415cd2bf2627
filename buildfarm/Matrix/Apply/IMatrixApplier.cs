using KernelAgent.BuildFarm.Matrix.Planning;

namespace KernelAgent.BuildFarm.Matrix.Apply;

/// <summary>Builds a plan's added and changed entries through the farm's coordinator and publishes the new snapshot.</summary>
internal interface IMatrixApplier
{
    /// <exception cref="KernelAgent.Store.Backends.StoreException">The store failed writing an audit record or the snapshot.</exception>
    Task<ApplyResult> ApplyAsync(MatrixPlan plan, ApplyOptions options, CancellationToken cancellationToken);
}
