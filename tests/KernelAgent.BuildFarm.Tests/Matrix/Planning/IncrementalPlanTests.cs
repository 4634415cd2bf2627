using KernelAgent.BuildFarm.Matrix.Apply;
using KernelAgent.BuildFarm.Matrix.Planning;
using KernelAgent.BuildFarm.Matrix.Snapshots;
using KernelAgent.BuildFarm.Tests.Matrix.Apply;
using Microsoft.Extensions.Logging.Abstractions;
using static KernelAgent.BuildFarm.Tests.Matrix.MatrixTestData;

namespace KernelAgent.BuildFarm.Tests.Matrix.Planning;

/// <summary>The incremental cases, each starting from a snapshot that a real apply (over a fake coordinator) wrote.</summary>
public sealed class IncrementalPlanTests : IDisposable
{
    private readonly TestStore _store = new();
    private readonly SnapshotStore _snapshots;
    private readonly FakeCoordinator _coordinator;
    private readonly MatrixApplier _applier;

    public IncrementalPlanTests()
    {
        _snapshots = new SnapshotStore(_store.Store);
        _coordinator = new FakeCoordinator(_store.Store);
        _applier = new MatrixApplier(_coordinator, _snapshots, _store.Store, TimeProvider.System, NullLogger<MatrixApplier>.Instance);
    }

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Plan_OneKernelAddedToTheCatalog_PlansExactlyThatEntry()
    {
        await ApplyAsync(CatalogOf(Debian(55), Debian(55, "arm64"), Debian(56)));

        var plan = await PlanAsync(CatalogOf(Debian(55), Debian(55, "arm64"), Debian(56), Debian(56, "arm64")));

        var added = Assert.Single(plan.Added);
        Assert.Equal(("6.1.0-56-arm64", ChangeReasons.NewKernel), (added.Entry.Kernel.KernelRelease, added.Reasons));
        Assert.Empty(plan.Changed);
        Assert.Empty(plan.Retired);
        Assert.Equal(3, plan.UnchangedCount);
    }

    [Fact]
    public async Task Plan_DriverVersionBumped_ChangesEveryEntryForThatReason()
    {
        var catalog = CatalogOf(Debian(55), Debian(55, "arm64"), Debian(56), Debian(56, "arm64"));
        await ApplyAsync(catalog);

        var plan = await PlanAsync(catalog, PolicyWith(driverVersion: "2.0.0"));

        Assert.Equal(4, plan.Changed.Count);
        Assert.All(plan.Changed, c => Assert.Equal(ChangeReasons.DriverVersionBump, c.Reasons));
        Assert.All(plan.Changed, c => Assert.Equal(("1.0.0", "2.0.0"), (c.Previous!.Driver.Version, c.Entry.Driver.Version)));
        Assert.Empty(plan.Added);
        Assert.Equal(0, plan.UnchangedCount);
    }

    [Fact]
    public async Task Apply_KernelRemovedFromTheCatalog_RetiresItsEntryAndKeepsItsArtifact()
    {
        await ApplyAsync(CatalogOf(Debian(55), Debian(56)));
        var gone = Debian(55);
        var artifactsBefore = await _store.KeysAsync("v1/modules/");

        var plan = await PlanAsync(CatalogOf(Debian(56)));
        var result = await _applier.ApplyAsync(plan, new ApplyOptions(), CancellationToken.None);

        var retired = Assert.Single(plan.Retired);
        Assert.Equal((gone.Release, RetireReason.KernelRemoved), (retired.Entry.Kernel.KernelRelease, retired.Reason));
        Assert.Equal(artifactsBefore, await _store.KeysAsync("v1/modules/"));
        Assert.Contains(artifactsBefore, k => k.Contains(gone.Release, StringComparison.Ordinal));
        Assert.Equal(EntryOutcome.Retired, Assert.Single(result.Entries).Outcome);
        Assert.Single((await _snapshots.LatestAsync("test", CancellationToken.None))!.Entries);
    }

    [Fact]
    public async Task Plan_AfterApply_PlansNothing()
    {
        var catalog = CatalogOf(Debian(55), Debian(55, "arm64"), Debian(56), Debian(56, "arm64"));
        var first = await PlanAsync(catalog);
        await _applier.ApplyAsync(first, new ApplyOptions(), CancellationToken.None);

        var second = await PlanAsync(catalog);

        Assert.Equal(4, first.Added.Count);
        Assert.True(second.IsEmpty);
        Assert.Equal((0, 0, 0, 4), (second.Added.Count, second.Changed.Count, second.Retired.Count, second.UnchangedCount));
        var noop = await _applier.ApplyAsync(second, new ApplyOptions(), CancellationToken.None);
        Assert.Null(noop.SnapshotKey);
        Assert.Equal(4, _coordinator.Requested.Count);
    }

    [Fact]
    public async Task Plan_NewerKbuildPackage_ChangesEntriesForTheHeaderPackage()
    {
        await ApplyAsync(CatalogOf(Debian(56)));

        var plan = await PlanAsync(CatalogOf(Debian(56, kbuildVersion: "6.1.999-1")));

        Assert.Equal(ChangeReasons.HeaderPackageChanged, Assert.Single(plan.Changed).Reasons);
    }

    [Fact]
    public async Task Plan_ToolchainUpdated_ChangesEntriesForTheToolchain()
    {
        await ApplyAsync(CatalogOf(Debian(56), Debian(56, "arm64")));

        var plan = await Planner(toolchain: "12.2.0-14+deb12u2").PlanAsync(PolicyWith(), CatalogOf(Debian(56), Debian(56, "arm64")), await _snapshots.LatestAsync("test", CancellationToken.None), [], CancellationToken.None);

        Assert.Equal(2, plan.Changed.Count);
        Assert.All(plan.Changed, c => Assert.Equal(ChangeReasons.ToolchainChanged, c.Reasons));
    }

    [Fact]
    public async Task Plan_SameDriverVersionWithAnotherSource_SaysTheSourceChanged()
    {
        await ApplyAsync(CatalogOf(Debian(56)));

        var plan = await Planner(sourceOfV1: new string('9', 64)).PlanAsync(PolicyWith(), CatalogOf(Debian(56)), await _snapshots.LatestAsync("test", CancellationToken.None), [], CancellationToken.None);

        Assert.Equal(ChangeReasons.DriverSourceChanged, Assert.Single(plan.Changed).Reasons);
    }

    [Fact]
    public async Task Plan_NewAbiPushesTheOldestOutOfTheWindow_AddsOneAndRetiresOneAsLeftWindow()
    {
        await ApplyAsync(CatalogOf(Debian(54), Debian(55)), PolicyWith(newestAbis: 2));

        var plan = await PlanAsync(CatalogOf(Debian(54), Debian(55), Debian(56)), PolicyWith(newestAbis: 2));

        Assert.Equal(("6.1.0-56-amd64", ChangeReasons.NewKernel), (Assert.Single(plan.Added).Entry.Kernel.KernelRelease, plan.Added[0].Reasons));
        Assert.Equal(("6.1.0-54-amd64", RetireReason.LeftWindow), (Assert.Single(plan.Retired).Entry.Kernel.KernelRelease, plan.Retired[0].Reason));
    }

    [Fact]
    public async Task Plan_PolicyAddsAFlavour_AddsItsKernelsForThePolicyAndRetiresNothing()
    {
        var catalog = CatalogOf(Debian(56), Debian(56, "cloud-amd64"));
        await ApplyAsync(catalog, PolicyWith(flavours: "\"amd64\""));

        var plan = await PlanAsync(catalog, PolicyWith(flavours: "\"amd64\", \"cloud-amd64\""));

        var added = Assert.Single(plan.Added);
        Assert.Equal(("6.1.0-56-cloud-amd64", ChangeReasons.PolicyChanged), (added.Entry.Kernel.KernelRelease, added.Reasons));
        Assert.Empty(plan.Retired);
        Assert.False(plan.IsEmpty);
    }

    [Fact]
    public async Task Plan_WindowNarrowed_RetiresTheOlderAbiForThePolicy()
    {
        var catalog = CatalogOf(Debian(55), Debian(56));
        await ApplyAsync(catalog, PolicyWith(newestAbis: 2));

        var plan = await PlanAsync(catalog, PolicyWith(newestAbis: 1));

        Assert.Equal(("6.1.0-55-amd64", RetireReason.PolicyChanged), (Assert.Single(plan.Retired).Entry.Kernel.KernelRelease, plan.Retired[0].Reason));
    }

    [Fact]
    public async Task Plan_PolicyDropsAnArch_RetiresItsEntriesForThePolicy()
    {
        var catalog = CatalogOf(Debian(56), Debian(56, "arm64"));
        await ApplyAsync(catalog);

        var plan = await PlanAsync(catalog, PolicyWith(arches: "\"x86_64\""));

        Assert.Equal(("6.1.0-56-arm64", RetireReason.PolicyChanged), (Assert.Single(plan.Retired).Entry.Kernel.KernelRelease, plan.Retired[0].Reason));
    }

    [Fact]
    public async Task Apply_FailedBuild_LeavesTheEntryOutSoTheNextPlanTriesAgain()
    {
        _coordinator.FailingReleases.Add("6.1.0-56-arm64");
        var catalog = CatalogOf(Debian(56), Debian(56, "arm64"));

        var result = await _applier.ApplyAsync(await PlanAsync(catalog), new ApplyOptions(), CancellationToken.None);
        var next = await PlanAsync(catalog);

        Assert.Equal(1, result.Count(EntryOutcome.Failed));
        Assert.Equal(1, result.SnapshotEntries);
        Assert.Equal("6.1.0-56-arm64", Assert.Single(next.Added).Entry.Kernel.KernelRelease);
    }

    [Fact]
    public async Task Apply_FailedRebuild_KeepsThePreviousEntrySoTheNextPlanShowsTheChangeAgain()
    {
        var catalog = CatalogOf(Debian(56));
        await ApplyAsync(catalog);
        _coordinator.FailingReleases.Add("6.1.0-56-amd64");

        await _applier.ApplyAsync(await PlanAsync(catalog, PolicyWith(driverVersion: "2.0.0")), new ApplyOptions(), CancellationToken.None);
        var next = await PlanAsync(catalog, PolicyWith(driverVersion: "2.0.0"));

        Assert.Equal("1.0.0", Assert.Single(next.Changed).Previous!.Driver.Version);
    }

    [Fact]
    public async Task Plan_UnregisteredDriver_FailsNamingIt()
    {
        var error = await Assert.ThrowsAsync<MatrixPlanException>(() => PlanAsync(CatalogOf(Debian(56)), PolicyWith(driverVersion: "3.0.0")));

        Assert.Contains("kagent_sample 3.0.0", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_KernelWithoutBuildString_IsListedAsUnresolvedNotPlanned()
    {
        var plan = await PlanAsync(CatalogOf(Debian(56), Debian(56, "arm64") with { BuildString = null, BuildStringSource = null }));

        Assert.Equal("6.1.0-56-arm64", Assert.Single(plan.Unresolved).Release);
        Assert.Single(plan.Added);
    }

    private async Task<MatrixPlan> PlanAsync(KernelAgent.BuildFarm.Matrix.Catalog.KernelCatalog catalog, KernelAgent.BuildFarm.Matrix.Policy.SupportPolicy? policy = null) =>
        await Planner().PlanAsync(policy ?? PolicyWith(), catalog, await _snapshots.LatestAsync("test", CancellationToken.None), [], CancellationToken.None);

    private async Task ApplyAsync(KernelAgent.BuildFarm.Matrix.Catalog.KernelCatalog catalog, KernelAgent.BuildFarm.Matrix.Policy.SupportPolicy? policy = null)
    {
        var result = await _applier.ApplyAsync(await PlanAsync(catalog, policy), new ApplyOptions(), CancellationToken.None);
        Assert.NotNull(result.SnapshotKey);
    }
}
