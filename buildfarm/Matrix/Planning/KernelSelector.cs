using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Matrix.Policy;

namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>
/// The kernels a policy includes: those in a target's scope (distro, version, arch, flavour, series) whose ABI is
/// among the newest <see cref="PolicyTarget.NewestAbis"/> of its series. ABIs are ranked per distro version, arch
/// and series by their newest package version, so an arch whose newest upload lags still gets its newest N.
/// </summary>
public static class KernelSelector
{
    public static IReadOnlyList<CatalogKernel> Select(SupportPolicy policy, IReadOnlyList<CatalogKernel> kernels)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(kernels);
        var groups = new Dictionary<(PolicyTarget Target, string Version, string Arch, string Series), List<CatalogKernel>>();
        foreach (var kernel in kernels)
        {
            var target = policy.TargetFor(kernel.Distro, kernel.DistroVersion, kernel.Arch, kernel.Flavour, kernel.Series);
            if (target is null)
            {
                continue;
            }

            var key = (target, kernel.DistroVersion, kernel.Arch, kernel.Series);
            if (!groups.TryGetValue(key, out var members))
            {
                groups[key] = members = [];
            }

            members.Add(kernel);
        }

        var selected = new HashSet<CatalogKernel>(ReferenceEqualityComparer.Instance);
        var versions = Comparer<string>.Create(DebianVersion.Compare);
        foreach (var ((target, _, _, _), members) in groups)
        {
            var newest = members
                .GroupBy(k => k.Abi, StringComparer.Ordinal)
                .Select(abi => (Abi: abi.Key, Newest: abi.Select(k => k.PackageVersion).Max(versions)!))
                .OrderByDescending(abi => abi.Newest, versions)
                .Take(target.NewestAbis)
                .Select(abi => abi.Abi)
                .ToHashSet(StringComparer.Ordinal);
            selected.UnionWith(members.Where(k => newest.Contains(k.Abi)));
        }

        return [.. kernels.Where(selected.Contains)];
    }
}
