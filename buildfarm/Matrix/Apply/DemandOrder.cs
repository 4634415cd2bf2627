using KernelAgent.BuildFarm.Demand;
using KernelAgent.BuildFarm.Matrix.Planning;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Matrix.Apply;

/// <summary>
/// Demand first: a kernel a host missed is one a host runs without its module now; one reported as installed but not
/// running is the next boot. Both go before the rest of the window, which no host has asked for yet.
/// </summary>
internal static class DemandOrder
{
    /// <summary>Misses first, then reported kernels (most hosts first), then the rest in the plan's order.</summary>
    public static List<PlannedChange> Sort(IEnumerable<PlannedChange> changes, IReadOnlyList<DemandedKernel> demand)
    {
        if (demand.Count == 0)
        {
            return [.. changes];
        }

        var byKernel = new Dictionary<KernelIdentity, DemandedKernel>();
        foreach (var demanded in demand)
        {
            byKernel[demanded.Kernel] = demanded;
        }

        // OrderBy is stable: within a rank the plan's order stays.
        return [.. changes
            .Select(c => (Change: c, Demand: byKernel.GetValueOrDefault(c.Entry.Kernel)))
            .OrderBy(c => c.Demand is null ? 2 : c.Demand.Missed ? 0 : 1)
            .ThenByDescending(c => c.Demand?.Hosts ?? 0)
            .Select(c => c.Change)];
    }
}
