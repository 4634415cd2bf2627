using KernelAgent.BuildFarm.Demand;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Matrix.Planning;
using KernelAgent.BuildFarm.Matrix.Policy;
using KernelAgent.BuildFarm.Matrix.Snapshots;

namespace KernelAgent.BuildFarm.Matrix;

/// <summary>
/// Gathers what a plan needs from the farm's services (the policy, the catalog from a file or a fresh crawl, the
/// newest snapshot of the policy, recent demand) and plans: the one path both <c>matrix plan</c> and
/// <c>matrix apply</c> take, so an apply does exactly what the plan printed.
/// </summary>
internal sealed class MatrixSession(ICatalogCrawler crawler, ISnapshotStore snapshots, IDemandReader demandReader, IMatrixPlanner planner)
{
    /// <exception cref="PolicyValidationException">The policy file is not valid.</exception>
    /// <exception cref="MatrixDocumentException">The catalog or the newest snapshot cannot be read.</exception>
    /// <exception cref="DemandDocumentException">A demand document cannot be read.</exception>
    /// <exception cref="MatrixPlanException">The policy names unregistered drivers.</exception>
    public async Task<(MatrixPlan Plan, IReadOnlyList<string> CrawlWarnings)> PlanAsync(string policyPath, string? catalogPath, CancellationToken cancellationToken)
    {
        var policy = SupportPolicyParser.Load(policyPath);
        var session = await PlanAsync(policy, catalogPath is null ? null : CatalogFile.Load(catalogPath), cancellationToken);
        return (session.Plan, session.CrawlWarnings);
    }

    /// <summary>Plans a parsed policy over <paramref name="catalog"/>, or over a fresh crawl when it is null.</summary>
    /// <exception cref="MatrixDocumentException">The newest snapshot cannot be read.</exception>
    /// <exception cref="DemandDocumentException">A demand document cannot be read.</exception>
    /// <exception cref="MatrixPlanException">The policy names unregistered drivers.</exception>
    public async Task<SessionPlan> PlanAsync(SupportPolicy policy, KernelCatalog? catalog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        IReadOnlyList<string> warnings = [];
        if (catalog is null)
        {
            var crawl = await crawler.CrawlAsync(new CatalogCrawlRequest { BuildStringScope = ScopeOf(policy) }, cancellationToken);
            (catalog, warnings) = (crawl.Catalog, crawl.Warnings);
        }

        var previous = await snapshots.LatestAsync(policy.Name, cancellationToken);
        var demand = policy.HotSet.Enabled
            ? await demandReader.ReadAsync(policy.HotSet.MaxAgeDays, cancellationToken)
            : [];
        var plan = await planner.PlanAsync(policy, catalog, previous, demand, cancellationToken);
        return new SessionPlan(plan, catalog, demand, warnings);
    }

    /// <summary>
    /// The kernels worth reading a build string for: those the policy's window includes. (Hot-set kernels outside
    /// it get their string from the hosts that report them.)
    /// </summary>
    public static Func<IReadOnlyList<CatalogKernel>, IReadOnlyCollection<CatalogKernel>> ScopeOf(SupportPolicy policy) =>
        kernels => [.. KernelSelector.Select(policy, kernels)];
}
