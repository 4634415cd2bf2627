using KernelAgent.BuildFarm.Demand;
using KernelAgent.BuildFarm.Matrix.Planning;
using KernelAgent.BuildFarm.Matrix.Snapshots;
using static KernelAgent.BuildFarm.Tests.Matrix.MatrixTestData;

namespace KernelAgent.BuildFarm.Tests.Matrix.Planning;

public sealed class HotSetTests
{
    private const string HotSet = "{ \"enabled\": true, \"minHosts\": 2, \"maxEntries\": 10 }";

    [Fact]
    public async Task Plan_KernelReportedByEnoughHosts_JoinsTheMatrixOutsideTheWindow()
    {
        var old = Debian(50);
        var catalog = CatalogOf(old, Debian(56));

        var plan = await Planner().PlanAsync(PolicyWith(newestAbis: 1, hotSet: HotSet), catalog, null, [Demand(old, hosts: 5)], CancellationToken.None);

        Assert.Equal(
            [("6.1.0-50-amd64", ChangeReasons.Demand, EntrySource.Demand), ("6.1.0-56-amd64", ChangeReasons.NewKernel, EntrySource.Policy)],
            plan.Added.Select(a => (a.Entry.Kernel.KernelRelease, a.Reasons, a.Entry.Source)).OrderBy(a => a.KernelRelease, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Plan_TooFewHostsOrHotSetOff_LeavesTheKernelOut()
    {
        var old = Debian(50);
        var catalog = CatalogOf(old, Debian(56));

        var fewHosts = await Planner().PlanAsync(PolicyWith(newestAbis: 1, hotSet: HotSet), catalog, null, [Demand(old, hosts: 1)], CancellationToken.None);
        var off = await Planner().PlanAsync(PolicyWith(newestAbis: 1), catalog, null, [Demand(old, hosts: 9)], CancellationToken.None);

        Assert.Single(fewHosts.Added);
        Assert.Single(off.Added);
    }

    [Fact]
    public async Task Plan_ReportedBuildStringOfAnUnresolvedKernel_ResolvesIt()
    {
        var unresolved = Debian(56, "arm64") with { BuildString = null, BuildStringSource = null };
        var reported = Debian(56, "arm64").BuildString!;

        var plan = await Planner().PlanAsync(PolicyWith(hotSet: HotSet), CatalogOf(unresolved), null, [Demand(unresolved with { BuildString = reported }, hosts: 3)], CancellationToken.None);

        Assert.Empty(plan.Unresolved);
        Assert.Equal(reported, Assert.Single(plan.Added).Entry.Kernel.KernelVersion);
    }

    [Fact]
    public async Task Plan_ReportedBuildStringOfAnotherUpload_IsNotTakenForThisKernel()
    {
        var unresolved = Debian(56) with { BuildString = null, BuildStringSource = null };

        var plan = await Planner().PlanAsync(
            PolicyWith(hotSet: HotSet), CatalogOf(unresolved), null,
            [Demand(unresolved with { BuildString = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.999-1 (2026-01-01)" }, hosts: 3)], CancellationToken.None);

        Assert.Single(plan.Unresolved);
        Assert.Empty(plan.Added);
        Assert.Contains(plan.Warnings, w => w.Contains("not in the catalog", StringComparison.Ordinal));
    }

    private static DemandedKernel Demand(KernelAgent.BuildFarm.Matrix.Catalog.CatalogKernel kernel, int hosts) =>
        new(new KernelAgent.Store.Variants.KernelIdentity(kernel.Distro, kernel.DistroVersion, kernel.Arch, kernel.Release, kernel.BuildString!), hosts, Now, Missed: true);
}
