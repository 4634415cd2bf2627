using KernelAgent.BuildFarm.Matrix.Apply;
using KernelAgent.BuildFarm.Matrix.Snapshots;
using Microsoft.Extensions.Logging.Abstractions;
using static KernelAgent.BuildFarm.Tests.Matrix.MatrixTestData;

namespace KernelAgent.BuildFarm.Tests.Matrix.Apply;

public sealed class MatrixApplierTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Apply_ChunkSizeTwo_NeverHasMoreThanTwoBuildsInFlight()
    {
        var (applier, coordinator, _) = Applier();
        var plan = await Planner().PlanAsync(PolicyWith(), CatalogOf(Debian(52), Debian(53), Debian(54), Debian(55), Debian(56)), InMemorySnapshot.None, [], CancellationToken.None);

        var result = await applier.ApplyAsync(plan, new ApplyOptions { ChunkSize = 2 }, CancellationToken.None);

        Assert.Equal(5, coordinator.Requested.Count);
        Assert.Equal(2, coordinator.MaxInFlight);
        Assert.Equal(5, result.Count(EntryOutcome.Published));
    }

    [Fact]
    public async Task Apply_EachEntry_WritesOneAuditRecordSayingWhyAndWhatCameOfIt()
    {
        var (applier, coordinator, snapshots) = Applier();
        coordinator.FailingReleases.Add("6.1.0-55-amd64");
        var plan = await Planner().PlanAsync(PolicyWith(), CatalogOf(Debian(55), Debian(56)), InMemorySnapshot.None, [], CancellationToken.None);

        var result = await applier.ApplyAsync(plan, new ApplyOptions(), CancellationToken.None);
        var records = await new AuditLog(_store.Store).ReadRunAsync("test", result.RunId, CancellationToken.None);

        Assert.Equal(2, records.Count);
        var failed = records.Single(r => r.Variant.KernelRelease == "6.1.0-55-amd64");
        Assert.Equal(("build", "failed", "new kernel", "policy"), (failed.Action, failed.Outcome, Assert.Single(failed.Reasons), failed.Source));
        Assert.Contains("test failure", failed.Message, StringComparison.Ordinal);
        var published = records.Single(r => r.Variant.KernelRelease == "6.1.0-56-amd64");
        Assert.Equal("published", published.Outcome);
        Assert.Equal(plan.Added.Single(a => a.Entry.Kernel.KernelRelease == "6.1.0-56-amd64").Entry.BuildKey.ToString(), published.BuildKey);
        Assert.Equal("x86_64: gcc-12 12.2.0-14+deb12u1", published.Toolchain);
        var snapshotId = (await snapshots.LatestAsync("test", CancellationToken.None))!.Header.Id;
        Assert.All(records, r => Assert.Equal(snapshotId, r.Snapshot));
        Assert.Equal(result.SnapshotKey, SnapshotStore.Key("test", snapshotId));
    }

    [Fact]
    public async Task Apply_ZeroChunkSize_IsRefused()
    {
        var (applier, _, _) = Applier();
        var plan = await Planner().PlanAsync(PolicyWith(), CatalogOf(Debian(56)), InMemorySnapshot.None, [], CancellationToken.None);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => applier.ApplyAsync(plan, new ApplyOptions { ChunkSize = 0 }, CancellationToken.None));
    }

    private (MatrixApplier Applier, FakeCoordinator Coordinator, SnapshotStore Snapshots) Applier()
    {
        var coordinator = new FakeCoordinator(_store.Store);
        var snapshots = new SnapshotStore(_store.Store);
        return (new MatrixApplier(coordinator, snapshots, _store.Store, TimeProvider.System, NullLogger<MatrixApplier>.Instance), coordinator, snapshots);
    }
}
