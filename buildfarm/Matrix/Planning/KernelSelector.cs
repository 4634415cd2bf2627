using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Debian;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Matrix.Policy;

namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>
/// The kernels a policy includes: those in a target's scope (distro, version, arch, flavour, series) whose ABI is
/// among the newest <see cref="PolicyTarget.NewestAbis"/> of its series. ABIs are ranked per distro version, arch
/// and series by their newest package version, so an arch whose newest upload lags still gets its newest N.
/// </summary>
internal static class KernelSelector
{
    private static readonly Comparer<string> _versions = Comparer<string>.Create(DebianVersion.Compare);

    public static IReadOnlyList<CatalogKernel> Select(SupportPolicy policy, IReadOnlyList<CatalogKernel> kernels)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(kernels);

        // Per window group (target, distro version, arch, series): each ABI's newest package version.
        var groups = new Dictionary<(PolicyTarget Target, string Version, string Arch, string Series), WindowGroup>();
        var groupOf = new WindowGroup?[kernels.Count];
        for (var i = 0; i < kernels.Count; i++)
        {
            var kernel = kernels[i];
            if (policy.TargetFor(kernel.Distro, kernel.DistroVersion, kernel.Arch, kernel.Flavour, kernel.Series) is not { } target)
            {
                continue;
            }

            var key = (target, kernel.DistroVersion, kernel.Arch, kernel.Series);
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = new WindowGroup(target.NewestAbis);
            }

            groupOf[i] = group;
            if (!group.Abis.TryGetValue(kernel.Abi, out var newest) || _versions.Compare(kernel.PackageVersion, newest) > 0)
            {
                group.Abis[kernel.Abi] = kernel.PackageVersion;
            }
        }

        foreach (var group in groups.Values)
        {
            group.Window = Newest(group.Abis, group.NewestAbis);
        }

        var selected = new List<CatalogKernel>();
        for (var i = 0; i < kernels.Count; i++)
        {
            if (groupOf[i] is { } group && group.Window.Contains(kernels[i].Abi))
            {
                selected.Add(kernels[i]);
            }
        }

        return selected;
    }

    private static HashSet<string> Newest(Dictionary<string, string> abis, int count) =>
        abis.OrderByDescending(a => a.Value, _versions).Take(count).Select(a => a.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>A release window: the ABIs of one target, distro version, arch and series.</summary>
    private sealed class WindowGroup(int newestAbis)
    {
        public int NewestAbis { get; } = newestAbis;

        /// <summary>Each ABI's newest package version.</summary>
        public Dictionary<string, string> Abis { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Window { get; set; } = [];
    }
}
