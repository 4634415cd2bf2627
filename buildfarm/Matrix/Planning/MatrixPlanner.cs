using KernelAgent.BuildFarm.Drivers;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Demand;
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
    public async Task<MatrixPlan> PlanAsync(
        SupportPolicy policy, KernelCatalog catalog, MatrixSnapshot? previous, IReadOnlyList<DemandedKernel> demand, CancellationToken cancellationToken)
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
        var descriptions = new Dictionary<string, string>(StringComparer.Ordinal);
        var toolchainOf = new Dictionary<(string, string?), string>();
        var entries = new List<MatrixEntry>(kernels.Length * driverSources.Count);
        foreach (var (kernel, source) in kernels)
        {
            if (!toolchainOf.TryGetValue((kernel.Arch, kernel.Compiler), out var toolchain))
            {
                var description = await toolchains.DescribeAsync(kernel.Arch, kernel.Compiler, cancellationToken);
                toolchain = toolchainOf[(kernel.Arch, kernel.Compiler)] = BuildKeys.Toolchain(description);
                descriptions[toolchain] = description;
            }

            var identity = kernel.Identity!;
            var invalid = ArtifactVariant.ValidateKernel(identity);
            if (invalid.Count > 0)
            {
                warnings.Add($"{kernel} left out: not a valid variant ({string.Join("; ", invalid)})");
                continue;
            }

            var headers = BuildKeys.Headers(kernel.HeaderPackages);
            entries.AddRange(driverSources.Select(d => MatrixEntry.Create(identity, d.Driver, new BuildInputs(headers, d.Source, toolchain), source)));
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        var diff = PlanReasons.Diff(policy, catalog, previous, entries);
        return new MatrixPlan(policy, previous?.Header, previous?.Entries.Count ?? 0, entries, diff.Added, diff.Changed, diff.Retired, diff.Unchanged, unresolved, descriptions, warnings);
    }

    private List<(DriverIdentity Driver, string Source)> DriverSources(SupportPolicy policy)
    {
        var problems = new List<string>();
        var sources = new List<(DriverIdentity, string)>();
        foreach (var driver in policy.Drivers)
        {
            try
            {
                var registered = drivers.Find(driver.Name, driver.Version);
                sources.Add((driver, CatalogPackage.Sha256Of(registered.Sha256) is { } digest
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
