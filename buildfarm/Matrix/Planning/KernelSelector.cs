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
    // Versions read from one document are pooled strings: equal ones are usually the same instance.
    private static readonly Comparer<string> _versions = Comparer<string>.Create(static (a, b) => ReferenceEquals(a, b) ? 0 : DebianVersion.Compare(a, b));

    public static IReadOnlyList<CatalogKernel> Select(SupportPolicy policy, IReadOnlyList<CatalogKernel> kernels)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(kernels);

        // Per window group: each ABI's newest package version.
        var groups = new Dictionary<(PolicyTarget Target, string Version, string Arch, string Series), Dictionary<string, string>>();
        var groupOf = new (PolicyTarget Target, string Version, string Arch, string Series)?[kernels.Count];
        for (var i = 0; i < kernels.Count; i++)
        {
            var kernel = kernels[i];
            var target = policy.TargetFor(kernel.Distro, kernel.DistroVersion, kernel.Arch, kernel.Flavour, kernel.Series);
            if (target is null)
            {
                continue;
            }

            var key = (target, kernel.DistroVersion, kernel.Arch, kernel.Series);
            groupOf[i] = key;
            if (!groups.TryGetValue(key, out var abis))
            {
                groups[key] = abis = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            if (!abis.TryGetValue(kernel.Abi, out var newest) || _versions.Compare(kernel.PackageVersion, newest) > 0)
            {
                abis[kernel.Abi] = kernel.PackageVersion;
            }
        }

        var windows = new Dictionary<(PolicyTarget, string, string, string), HashSet<string>>();
        foreach (var (key, abis) in groups)
        {
            windows[key] = Newest(abis, key.Target.NewestAbis);
        }

        var selected = new List<CatalogKernel>();
        for (var i = 0; i < kernels.Count; i++)
        {
            if (groupOf[i] is { } key && windows[key].Contains(kernels[i].Abi))
            {
                selected.Add(kernels[i]);
            }
        }

        return selected;
    }

    // The N ABIs with the newest versions: a bounded min-heap, so a window of 2 over 500 ABIs costs ~1000 comparisons.
    private static HashSet<string> Newest(Dictionary<string, string> abis, int count)
    {
        if (abis.Count <= count)
        {
            return [.. abis.Keys];
        }

        var heap = new PriorityQueue<string, string>(count + 1, _versions);
        foreach (var (abi, version) in abis)
        {
            heap.Enqueue(abi, version);
            if (heap.Count > count)
            {
                heap.Dequeue();
            }
        }

        var newest = new HashSet<string>(StringComparer.Ordinal);
        while (heap.TryDequeue(out var abi, out _))
        {
            newest.Add(abi);
        }

        return newest;
    }
}
