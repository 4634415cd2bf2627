using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Demand;
using KernelAgent.BuildFarm.Matrix.Policy;

namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>
/// The hot set: kernels hosts reported that the window leaves out, or whose build string only a host could tell
/// (Ubuntu and RPM indexes do not carry it). Only kernels in the catalog and in a target's scope qualify, those
/// reported by the most hosts first.
/// </summary>
internal static class HotSetSelector
{
    public static IReadOnlyList<CatalogKernel> Select(
        SupportPolicy policy, IReadOnlyList<CatalogKernel> kernels, IReadOnlySet<CatalogKernel> selected, IReadOnlyList<DemandedKernel> demand, List<string> warnings)
    {
        var hotSet = policy.HotSet;
        if (!hotSet.Enabled || demand.Count == 0 || hotSet.MaxEntries == 0)
        {
            return [];
        }

        var byRelease = kernels.ToLookup(k => (k.Distro, k.DistroVersion, k.Arch, k.Release));
        var picked = new List<(CatalogKernel Kernel, int Hosts)>();
        var notInCatalog = 0;
        foreach (var demanded in demand.Where(d => d.Hosts >= hotSet.MinHosts))
        {
            var id = demanded.Kernel;
            var candidates = byRelease[(id.DistroId, id.DistroVersionId, id.Arch, id.KernelRelease)].ToList();
            var match = candidates.FirstOrDefault(k => k.BuildString == id.KernelVersion)
                ?? candidates.FirstOrDefault(k => k.BuildString is null && BuildStringMatcher.Fits(k, id.KernelVersion));
            if (match is null)
            {
                notInCatalog++;
                continue;
            }

            if (policy.TargetFor(match.Distro, match.DistroVersion, match.Arch, match.Flavour, match.Series) is null
                || (match.BuildString is not null && selected.Contains(match)))
            {
                continue;
            }

            picked.Add((match.BuildString is null
                ? match with { BuildString = id.KernelVersion, BuildStringSource = $"reported by {demanded.Hosts} host(s)" }
                : match, demanded.Hosts));
        }

        if (notInCatalog > 0)
        {
            warnings.Add($"{notInCatalog} reported kernel(s) are not in the catalog (gone from the mirrors, or from a repository the farm does not crawl); they are built on demand only");
        }

        return [.. picked
            .OrderByDescending(p => p.Hosts).ThenBy(p => p.Kernel.Release, StringComparer.Ordinal)
            .Select(p => p.Kernel)
            .DistinctBy(k => (k.Distro, k.DistroVersion, k.Arch, k.Release, k.BuildString))
            .Take(hotSet.MaxEntries)];
    }
}
