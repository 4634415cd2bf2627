using KernelAgent.BuildFarm.Matrix.Apply;
using KernelAgent.BuildFarm.Matrix.Planning;
using KernelAgent.BuildFarm.Matrix.Snapshots;
using KernelAgent.Store.Layout;
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
        var plan = await Planner().PlanAsync(PolicyWith(), CatalogOf(Debian(52), Debian(53), Debian(54), Debian(55), Debian(56)), null, [], CancellationToken.None);

        var result = await applier.ApplyAsync(plan, new ApplyOptions { ChunkSize = 2 }, CancellationToken.None);

        Assert.Equal(5, coordinator.Requested.Count);
        Assert.Equal(2, coordinator.MaxInFlight);
        Assert.Equal(5, result.Count(EntryOutcome.Published));
    }

    [Fact]
    public async Task Apply_WithProgress_ReportsEachEntryOnceCountingUpToTheWork()
    {
        var (applier, coordinator, _) = Applier();
        coordinator.FailingReleases.Add("6.1.0-54-amd64");
        var plan = await Planner().PlanAsync(PolicyWith(), CatalogOf(Debian(53), Debian(54), Debian(55), Debian(56)), null, [], CancellationToken.None);
        var reports = new System.Collections.Concurrent.ConcurrentQueue<ApplyProgress>();

        await applier.ApplyAsync(plan, new ApplyOptions { ChunkSize = 3, Progress = new Reports(reports.Enqueue) }, CancellationToken.None);

        Assert.Equal([1, 2, 3, 4], reports.Select(r => r.Done).Order());
        Assert.All(reports, r => Assert.Equal(4, r.Total));
        Assert.Equal(plan.Added.Select(a => a.Entry.Id).Order(), reports.Select(r => r.Result.Entry.Id).Order());
        Assert.Equal(EntryOutcome.Failed, reports.Single(r => r.Result.Entry.Kernel.KernelRelease == "6.1.0-54-amd64").Result.Outcome);
    }

    [Fact]
    public async Task Apply_EachEntry_WritesOneAuditRecordSayingWhyAndWhatCameOfIt()
    {
        var (applier, coordinator, snapshots) = Applier();
        coordinator.FailingReleases.Add("6.1.0-55-amd64");
        var plan = await Planner().PlanAsync(PolicyWith(), CatalogOf(Debian(55), Debian(56)), null, [], CancellationToken.None);

        var result = await applier.ApplyAsync(plan, new ApplyOptions(), CancellationToken.None);
        var records = await new AuditLog(_store.Store).ReadRunAsync("test", result.RunId, CancellationToken.None);

        Assert.Equal(2, records.Count);
        var failed = records.Single(r => r.Variant.KernelRelease == "6.1.0-55-amd64");
        Assert.Equal(("build", "failed", "new kernel", "policy"), (failed.Action, failed.Outcome, Assert.Single(failed.Reasons), failed.Source));
        Assert.Contains("test failure", failed.Message, StringComparison.Ordinal);
        var published = records.Single(r => r.Variant.KernelRelease == "6.1.0-56-amd64");
        Assert.Equal("published", published.Outcome);
        Assert.Equal(plan.Added.Single(a => a.Entry.Kernel.KernelRelease == "6.1.0-56-amd64").Entry.BuildKey, published.BuildKey);
        Assert.Equal("x86_64: gcc-12 12.2.0-14+deb12u1", published.Toolchain);
        var snapshotId = (await snapshots.LatestAsync("test", CancellationToken.None))!.Header.Id;
        Assert.All(records, r => Assert.Equal(snapshotId, r.Snapshot));
        Assert.Equal(result.SnapshotKey, SnapshotStore.Key("test", snapshotId));
    }

    [Fact]
    public async Task Apply_ZeroChunkSize_IsRefused()
    {
        var (applier, _, _) = Applier();
        var plan = await Planner().PlanAsync(PolicyWith(), CatalogOf(Debian(56)), null, [], CancellationToken.None);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => applier.ApplyAsync(plan, new ApplyOptions { ChunkSize = 0 }, CancellationToken.None));
    }

    [Fact]
    public async Task Apply_HeaderPackageChangedOnAPublishedEntry_RequestsASupersedingRebuildAndAuditsItAsPublished()
    {
        var (applier, coordinator, snapshots) = Applier();
        var first = await Planner().PlanAsync(PolicyWith(), CatalogOf(Debian(56)), await snapshots.LatestAsync("test", CancellationToken.None), [], CancellationToken.None);
        await applier.ApplyAsync(first, new ApplyOptions(), CancellationToken.None);
        var changed = await Planner().PlanAsync(PolicyWith(), CatalogOf(Debian(56, kbuildVersion: "6.1.999-1")), await snapshots.LatestAsync("test", CancellationToken.None), [], CancellationToken.None);

        var result = await applier.ApplyAsync(changed, new ApplyOptions(), CancellationToken.None);
        var record = Assert.Single(await new AuditLog(_store.Store).ReadRunAsync("test", result.RunId, CancellationToken.None));

        Assert.Equal((false, first.Added[0].Entry.BuildKey), (coordinator.Requests[0].Supersede, coordinator.Requests[0].BuildKey));
        Assert.Equal((true, changed.Changed[0].Entry.BuildKey), (coordinator.Requests[1].Supersede, coordinator.Requests[1].BuildKey));
        Assert.Equal(("published", "header package changed"), (record.Outcome, Assert.Single(record.Reasons)));
        Assert.Equal(first.Added[0].Entry.BuildKey, record.PreviousBuildKey);
        Assert.StartsWith(StoreLayout.VariantFolder(changed.Changed[0].Entry.ToVariant()) + "/history/", record.SupersededAttestation, StringComparison.Ordinal);
        Assert.Contains("superseded", record.Message, StringComparison.Ordinal);
        Assert.Equal(record.SupersededAttestation, Assert.Single(result.Entries).SupersededAttestation);
    }

    [Fact]
    public async Task Apply_DriverVersionBump_RequestsANewVariantWithoutSuperseding()
    {
        var (applier, coordinator, snapshots) = Applier();
        await applier.ApplyAsync(await Planner().PlanAsync(PolicyWith(), CatalogOf(Debian(56)), await snapshots.LatestAsync("test", CancellationToken.None), [], CancellationToken.None), new ApplyOptions(), CancellationToken.None);
        var bumped = await Planner().PlanAsync(PolicyWith(driverVersion: "2.0.0"), CatalogOf(Debian(56, kbuildVersion: "6.1.999-1")), await snapshots.LatestAsync("test", CancellationToken.None), [], CancellationToken.None);

        await applier.ApplyAsync(bumped, new ApplyOptions(), CancellationToken.None);

        Assert.True(bumped.Changed[0].Reasons.HasFlag(ChangeReasons.DriverVersionBump));
        Assert.False(coordinator.Requests[1].Supersede);
        Assert.Equal(bumped.Changed[0].Entry.BuildKey, coordinator.Requests[1].BuildKey);
    }

    [Theory]
    [InlineData(ChangeReasons.HeaderPackageChanged, true)]
    [InlineData(ChangeReasons.ToolchainChanged, true)]
    [InlineData(ChangeReasons.DriverSourceChanged | ChangeReasons.HeaderPackageChanged, true)]
    [InlineData(ChangeReasons.DriverVersionBump | ChangeReasons.ToolchainChanged, false)]
    [InlineData(ChangeReasons.NewKernel, false)]
    public async Task Supersedes_ChangeReasons_SupersedesOnlyOtherInputsOfTheSameVariant(ChangeReasons reasons, bool supersedes)
    {
        var entry = (await Planner().PlanAsync(PolicyWith(), CatalogOf(Debian(56)), null, [], CancellationToken.None)).Added[0].Entry;

        Assert.Equal(supersedes, MatrixApplier.Supersedes(new PlannedChange(entry, reasons, entry)));
        Assert.False(MatrixApplier.Supersedes(new PlannedChange(entry, reasons, Previous: null)));
    }

    private (MatrixApplier Applier, FakeCoordinator Coordinator, SnapshotStore Snapshots) Applier()
    {
        var coordinator = new FakeCoordinator(_store.Store);
        var snapshots = new SnapshotStore(_store.Store);
        return (new MatrixApplier(coordinator, snapshots, _store.Store, TimeProvider.System, NullLogger<MatrixApplier>.Instance), coordinator, snapshots);
    }

    private sealed class Reports(Action<ApplyProgress> report) : IProgress<ApplyProgress>
    {
        public void Report(ApplyProgress value) => report(value);
    }
}
