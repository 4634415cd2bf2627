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

        var descriptions = new Dictionary<Sha256Digest, string>();
        var toolchainOf = new Dictionary<(string, string?), Sha256Digest>();
        var entries = new List<MatrixEntry>(selected.Count * driverSources.Count);
        foreach (var (kernel, source) in selected.Where(k => k.BuildString is not null).Select(k => (k, EntrySource.Policy)).Concat(hot.Select(k => (k, EntrySource.Demand))))
        {
            if (!toolchainOf.TryGetValue((kernel.Arch, kernel.Compiler), out var toolchain))
            {
                var description = await toolchains.DescribeAsync(kernel.Arch, kernel.Compiler, cancellationToken);
                toolchain = BuildKeys.Toolchain(description);
                toolchainOf[(kernel.Arch, kernel.Compiler)] = toolchain;
                descriptions[toolchain] = description;
            }

            AddEntries(entries, kernel, source, toolchain, driverSources, warnings);
        }

        entries.Sort((a, b) => a.Id.CompareTo(b.Id));
        var diff = PlanReasons.Diff(policy, catalog, previous, entries);
        return new MatrixPlan(policy, previous, entries, diff.Added, diff.Changed, diff.Retired, diff.Unchanged, unresolved, descriptions, warnings);
    }

    private static void AddEntries(
        List<MatrixEntry> entries, CatalogKernel kernel, EntrySource source, Sha256Digest toolchain,
        IReadOnlyList<(DriverIdentity Driver, Sha256Digest Source)> driverSources, List<string> warnings)
    {
        var identity = kernel.Identity!;
        var headers = BuildKeys.Headers(kernel.HeaderPackages);
        foreach (var (driver, driverSource) in driverSources)
        {
            ArtifactVariant variant;
            try
            {
                variant = ArtifactVariant.Create(identity, driver);
            }
            catch (VariantValidationException e)
            {
                warnings.Add($"{kernel} left out: not a valid variant ({e.Message})");
                return;
            }

            var variantKey = Sha256Digest.Parse(variant.ContentKey);
            var inputs = new BuildInputs(headers, driverSource, toolchain);
            entries.Add(new MatrixEntry(BuildKeys.EntryId(identity, driver.Name), identity, driver, variantKey, BuildKeys.Build(variantKey, inputs), inputs, source));
        }
    }

    private List<(DriverIdentity Driver, Sha256Digest Source)> DriverSources(SupportPolicy policy)
    {
        var problems = new List<string>();
        var sources = new List<(DriverIdentity, Sha256Digest)>();
        foreach (var driver in policy.Drivers)
        {
            try
            {
                sources.Add((driver, Sha256Digest.Parse(drivers.Find(driver.Name, driver.Version).Sha256)));
            }
            catch (DriverNotRegisteredException e)
            {
                problems.Add($"driver {driver.Name} {driver.Version}: {e.Message}");
            }
        }

        return problems.Count == 0 ? sources : throw new MatrixPlanException(problems);
    }
}
