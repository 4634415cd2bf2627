using KernelAgent.BuildFarm.Builds;
using KernelAgent.BuildFarm.Matrix.Apply;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Matrix.Planning;
using KernelAgent.BuildFarm.Matrix.Snapshots;
using KernelAgent.BuildFarm.Signing;
using KernelAgent.BuildFarm.Tests.Builds;
using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;
using Microsoft.Extensions.Logging.Abstractions;
using static KernelAgent.BuildFarm.Tests.Matrix.MatrixTestData;
using StoreHeaderPackage = KernelAgent.Store.Attestations.HeaderPackage;

namespace KernelAgent.BuildFarm.Tests.Matrix.Apply;

/// <summary>
/// A header package of a published kernel changes: plan, apply through the farm's real coordinator and publisher (the
/// builder reports the catalog's header packages), and the store's current attestation is the rebuild's.
/// </summary>
public sealed class SupersedeApplyTests
{
    [Fact(Timeout = 120_000)]
    public async Task Apply_HeaderPackageChangedOnAPublishedEntry_RepublishesWithTheNewHeadersAndKeepsTheOldAttestation()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync();
        var store = farm.Service<IArtifactStore>();
        var snapshots = new SnapshotStore(store);
        var applier = new MatrixApplier(farm.Service<IBuildCoordinator>(), snapshots, store, TimeProvider.System, NullLogger<MatrixApplier>.Instance);
        var kernel = Debian(56);
        farm.Service<FakeModuleBuilder>().HeaderPackagesOf = _ => [.. kernel.HeaderPackages.Select(ToAttested)];
        var first = await Planner().PlanAsync(PolicyWith(), CatalogOf(kernel), snapshots.Latest("test"), [], token);
        await applier.ApplyAsync(first, new ApplyOptions(), token);
        var variant = first.Added[0].Entry.ToVariant();
        var oldEnvelope = await store.ReadAsync(StoreLayout.AttestationKey(variant), token);

        kernel = Debian(56, kbuildVersion: "6.1.999-1");
        var changed = await Planner().PlanAsync(PolicyWith(), CatalogOf(kernel), snapshots.Latest("test"), [], token);
        var result = await applier.ApplyAsync(changed, new ApplyOptions(), token);
        var published = await ArtifactResolver.ResolveAsync(store, variant, farm.Service<IAttestationSigning>().TrustedKeys, token);
        var again = await Planner().PlanAsync(PolicyWith(), CatalogOf(kernel), snapshots.Latest("test"), [], token);

        Assert.Equal(ChangeReasons.HeaderPackageChanged, Assert.Single(changed.Changed).Reasons);
        Assert.Equal(EntryOutcome.Published, Assert.Single(result.Entries).Outcome);
        Assert.NotNull(published);
        Assert.Equal(changed.Changed[0].Entry.BuildKey.ToString(), published.Attestation.BuildKey);
        var kbuild = kernel.HeaderPackages.Single(p => p.Name.StartsWith("linux-kbuild", StringComparison.Ordinal));
        Assert.Contains(
            published.Attestation.Statement.Predicate.BuildDefinition.ResolvedDependencies,
            d => d.Name == $"{kbuild.Name}@6.1.999-1" && d.Digest["sha256"] == kbuild.Sha256.ToString());
        var kept = StoreLayout.AttestationHistoryKey(variant, Digests.Sha256Hex(oldEnvelope));
        Assert.Equal(kept, result.Entries[0].SupersededAttestation);
        Assert.Equal(first.Added[0].Entry.BuildKey.ToString(), result.Entries[0].SupersededBuildKey);
        Assert.Equal(oldEnvelope, await store.ReadAsync(kept, token));
        Assert.True(again.IsEmpty, $"second plan: added {again.Added.Count}, changed {again.Changed.Count}, retired {again.Retired.Count}");
    }

    private static StoreHeaderPackage ToAttested(CatalogPackage package) =>
        new(package.Name, package.Version, package.Sha256.ToString(), $"pkg:deb/debian/{package.Name}@{package.Version}?arch={package.Architecture}");
}
