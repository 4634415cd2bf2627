using KernelAgent.BuildFarm.Drivers;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Matrix.Demand;
using KernelAgent.BuildFarm.Matrix.Policy;
using KernelAgent.BuildFarm.Matrix.Snapshots;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>
/// Selection (policy targets, release window, hot set), then one entry per kernel and driver with its build key,
/// then the diff by entry id against the previous snapshot (<see cref="PlanReasons"/> says why).
/// </summary>
internal sealed class MatrixPlanner(IDriverRegistry drivers, IToolchainIdentity toolchains) : IMatrixPlanner
{
    private bool _variantKeysChecked;

    public async Task<MatrixPlan> PlanAsync(
        SupportPolicy policy, KernelCatalog catalog, IPreviousSnapshot previous, IReadOnlyList<DemandedKernel> demand, CancellationToken cancellationToken)
    {
        var driverSources = DriverSources(policy);
        var warnings = new List<string>();
        var selected = KernelSelector.Select(policy, catalog.Kernels);
        var selectedSet = new HashSet<CatalogKernel>(selected, ReferenceEqualityComparer.Instance);
        var hot = HotSetSelector.Select(policy, catalog.Kernels, selectedSet, demand, warnings);
        var resolvedByDemand = hot.Select(k => (k.Distro, k.DistroVersion, k.Arch, k.Release, k.PackageVersion)).ToHashSet();
        var unresolved = selected.Where(k => k.BuildString is null && !resolvedByDemand.Contains((k.Distro, k.DistroVersion, k.Arch, k.Release, k.PackageVersion))).ToList();

        var kernels = selected.Where(k => k.BuildString is not null).Select(k => (Kernel: k, Source: EntrySource.Policy))
            .Concat(hot.Select(k => (Kernel: k, Source: EntrySource.Demand))).ToArray();
        var descriptions = new Dictionary<Sha256Digest, string>();
        var toolchainOf = new Dictionary<(string, string?), Sha256Digest>();
        var kernelToolchains = new Sha256Digest[kernels.Length];
        for (var i = 0; i < kernels.Length; i++)
        {
            var kernel = kernels[i].Kernel;
            if (!toolchainOf.TryGetValue((kernel.Arch, kernel.Compiler), out kernelToolchains[i]))
            {
                var description = await toolchains.DescribeAsync(kernel.Arch, kernel.Compiler, cancellationToken);
                kernelToolchains[i] = toolchainOf[(kernel.Arch, kernel.Compiler)] = BuildKeys.Toolchain(description);
                descriptions[kernelToolchains[i]] = description;
            }
        }

        var entries = EntryKeying.Key(kernels, kernelToolchains, driverSources, warnings);
        if (!_variantKeysChecked && entries.Count > 0)
        {
            CheckVariantKey(entries[0].Kernel, entries[0].Driver, entries[0].VariantKey);
        }

        var diff = await PlanReasons.DiffAsync(policy, catalog, previous, entries, cancellationToken);
        return new MatrixPlan(policy, diff.Previous, diff.PreviousEntries, entries, diff.Added, diff.Changed, diff.Retired, diff.Unchanged, unresolved, descriptions, warnings);
    }

    // The planner writes variant keys itself (BuildKeys.VariantKey); the first one is compared with the store's own.
    private void CheckVariantKey(KernelIdentity kernel, DriverIdentity driver, Sha256Digest variantKey)
    {
        var expected = ArtifactVariant.Create(kernel, driver).ContentKey;
        if (expected != variantKey.ToString())
        {
            throw new InvalidOperationException($"The planner's variant key {variantKey} differs from the store's {expected} for {kernel}: BuildKeys.VariantKey no longer follows the canonical form.");
        }

        _variantKeysChecked = true;
    }

    private List<(DriverIdentity Driver, Sha256Digest Source)> DriverSources(SupportPolicy policy)
    {
        var problems = new List<string>();
        var sources = new List<(DriverIdentity, Sha256Digest)>();
        foreach (var driver in policy.Drivers)
        {
            try
            {
                var registered = drivers.Find(driver.Name, driver.Version);
                sources.Add((driver, Sha256Digest.TryParse(registered.Sha256, out var digest)
                    ? digest
                    : throw new MatrixPlanException([$"driver {driver.Name} {driver.Version}: registered digest '{registered.Sha256}' is not a sha256"])));
            }
            catch (DriverNotRegisteredException e)
            {
                problems.Add($"driver {driver.Name} {driver.Version}: {e.Message}");
            }
        }

        return problems.Count == 0 ? sources : throw new MatrixPlanException(problems);
    }
}
