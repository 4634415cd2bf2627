using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
public static class KernelSelector
{
    // Versions read from one document are pooled strings: equal ones are usually the same instance.
    private static readonly Comparer<string> _versions = Comparer<string>.Create(static (a, b) => ReferenceEquals(a, b) ? 0 : DebianVersion.Compare(a, b));

    public static IReadOnlyList<CatalogKernel> Select(SupportPolicy policy, IReadOnlyList<CatalogKernel> kernels)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(kernels);

        // Per window group: each ABI's newest package version. Kernels read from one document share their field
        // strings, so the group is found by the fields' references first and by their values only once per combination.
        var byValue = new Dictionary<(PolicyTarget Target, string Version, string Arch, string Series), WindowGroup>();
        var byReference = new Dictionary<ScopeReferences, WindowGroup?>();
        var groupOf = new WindowGroup?[kernels.Count];
        for (var i = 0; i < kernels.Count; i++)
        {
            var kernel = kernels[i];
            var scope = new ScopeReferences(kernel.Distro, kernel.DistroVersion, kernel.Arch, kernel.Flavour, kernel.Series);
            if (!byReference.TryGetValue(scope, out var group))
            {
                var target = policy.TargetFor(kernel.Distro, kernel.DistroVersion, kernel.Arch, kernel.Flavour, kernel.Series);
                if (target is not null)
                {
                    var key = (target, kernel.DistroVersion, kernel.Arch, kernel.Series);
                    if (!byValue.TryGetValue(key, out group))
                    {
                        byValue[key] = group = new WindowGroup(target.NewestAbis);
                    }
                }

                byReference[scope] = group;
            }

            if (group is null)
            {
                continue;
            }

            groupOf[i] = group;
            ref var newest = ref CollectionsMarshal.GetValueRefOrAddDefault(group.Abis, kernel.Abi, out var exists);
            if (!exists || _versions.Compare(kernel.PackageVersion, newest!) > 0)
            {
                newest = kernel.PackageVersion;
            }
        }

        foreach (var group in byValue.Values)
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

    /// <summary>A release window: the ABIs of one target, distro version, arch and series.</summary>
    private sealed class WindowGroup(int newestAbis)
    {
        public int NewestAbis { get; } = newestAbis;

        /// <summary>Each ABI's newest package version.</summary>
        public Dictionary<string, string> Abis { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Window { get; set; } = [];
    }

    /// <summary>A kernel's scope fields compared and hashed by reference: cheap, and a miss only costs a lookup by value.</summary>
    private readonly struct ScopeReferences(string distro, string version, string arch, string flavour, string series) : IEquatable<ScopeReferences>
    {
        private readonly string _distro = distro, _version = version, _arch = arch, _flavour = flavour, _series = series;

        public bool Equals(ScopeReferences other) =>
            ReferenceEquals(_distro, other._distro) && ReferenceEquals(_version, other._version) && ReferenceEquals(_arch, other._arch)
            && ReferenceEquals(_flavour, other._flavour) && ReferenceEquals(_series, other._series);

        public override bool Equals(object? obj) => obj is ScopeReferences other && Equals(other);

        public override int GetHashCode() => HashCode.Combine(
            RuntimeHelpers.GetHashCode(_distro), RuntimeHelpers.GetHashCode(_version), RuntimeHelpers.GetHashCode(_arch),
            RuntimeHelpers.GetHashCode(_flavour), RuntimeHelpers.GetHashCode(_series));
    }
}
