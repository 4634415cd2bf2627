using KernelAgent.BuildFarm.Demand;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Matrix.Planning;

namespace KernelAgent.BuildFarm.Matrix;

/// <summary>A plan with what it was made from: the catalog planned over and the demand hosts reported.</summary>
internal sealed record SessionPlan(MatrixPlan Plan, KernelCatalog Catalog, IReadOnlyList<DemandedKernel> Demand, IReadOnlyList<string> CrawlWarnings);
