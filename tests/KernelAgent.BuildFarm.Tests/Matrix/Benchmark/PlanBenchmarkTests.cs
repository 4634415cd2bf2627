using KernelAgent.BuildFarm.Matrix;
using KernelAgent.BuildFarm.Matrix.Benchmark;
using KernelAgent.BuildFarm.Tests.Headers;

namespace KernelAgent.BuildFarm.Tests.Matrix.Benchmark;

public sealed class PlanBenchmarkTests
{
    [Fact]
    public async Task Measure_PreparedSyntheticCatalog_PlansOnePercentNewAndOnePercentChanged()
    {
        using var scratch = new ScratchDirectory("matrix-bench");
        await PlanBenchmark.PrepareAsync(1000, scratch.Path, TimeProvider.System, CancellationToken.None);

        var result = await PlanBenchmark.MeasureAsync(scratch.Path, CancellationToken.None);

        Assert.Equal((1000, 990), (result.Kernels, result.SnapshotEntries));
        Assert.Equal((10, 10, 0, 980), (result.Added, result.Changed, result.Retired, result.Unchanged));
        Assert.True(result.PeakResidentBytes > 0);
    }

    [Fact]
    public async Task Measure_UnpreparedFolder_SaysToPrepareItFirst()
    {
        using var scratch = new ScratchDirectory("matrix-bench");

        var error = await Assert.ThrowsAsync<MatrixDocumentException>(() => PlanBenchmark.MeasureAsync(scratch.Path, CancellationToken.None));

        Assert.Contains("holds no prepared benchmark", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_AnySize_GivesExactlyThatManyDistinctKernels()
    {
        var catalog = SyntheticCatalog.Generate(2345, DateTimeOffset.UnixEpoch);

        Assert.Equal(2345, catalog.Kernels.Select(k => (k.Distro, k.DistroVersion, k.Arch, k.Release)).Distinct().Count());
    }
}
