using KernelAgent.BuildFarm.Demand;
using KernelAgent.BuildFarm.Matrix.Apply;
using static KernelAgent.BuildFarm.Tests.Matrix.MatrixTestData;

namespace KernelAgent.BuildFarm.Tests.Matrix.Scheduling;

public sealed class DemandOrderTests
{
    [Fact]
    public async Task Sort_MissesAndReportedKernels_ComeBeforeTheRestOfTheWindow()
    {
        var catalog = CatalogOf(Debian(54), Debian(55), Debian(56), Debian(57));
        var plan = await Planner().PlanAsync(PolicyWith(flavours: "\"amd64\""), catalog, null, [], CancellationToken.None);
        var installed = new DemandedKernel(catalog.Kernels[1].Identity!, 3, Now, Missed: false);
        var missed = new DemandedKernel(catalog.Kernels[3].Identity!, 1, Now, Missed: true);

        var order = DemandOrder.Sort(plan.Added, [installed, missed]).Select(c => c.Entry.Kernel.KernelRelease).ToList();

        Assert.Equal(["6.1.0-57-amd64", "6.1.0-55-amd64", "6.1.0-54-amd64", "6.1.0-56-amd64"], order);
    }
}
