using KernelAgent.BuildFarm.Cli;
using KernelAgent.BuildFarm.Matrix.Planning;
using KernelAgent.BuildFarm.Matrix.Snapshots;
using static KernelAgent.BuildFarm.Tests.Matrix.MatrixTestData;

namespace KernelAgent.BuildFarm.Tests.Cli;

public sealed class KeptRootsAdviceTests
{
    [Fact]
    public async Task For_FewerKeptRootsThanMatrixKernels_SaysHowManyToKeep()
    {
        var plan = await ThreeKernelPlanAsync();

        var advice = KeptRootsAdvice.For(2, plan);

        Assert.NotNull(advice);
        Assert.Contains("Headers:Roots:Keep is 2 but this matrix has 3 kernels", advice, StringComparison.Ordinal);
        Assert.Contains("keep at least 3 roots", advice, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(8)]
    public async Task For_EnoughRootsOrNoneOnPurpose_SaysNothing(int keep)
    {
        var plan = await ThreeKernelPlanAsync();

        Assert.Null(KeptRootsAdvice.For(keep, plan));
    }

    private static Task<MatrixPlan> ThreeKernelPlanAsync() =>
        Planner().PlanAsync(PolicyWith(), CatalogOf(Debian(54), Debian(55), Debian(56)), null, [], CancellationToken.None);
}
