using KernelAgent.BuildFarm.Builds;
using KernelAgent.BuildFarm.Matrix.Apply;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Matrix.Planning;
using KernelAgent.BuildFarm.Matrix.Snapshots;
using KernelAgent.BuildFarm.Signing;
using Amazon.Runtime;
using Amazon.S3;
using KernelAgent.BuildFarm.Tests.Builds;
using KernelAgent.BuildFarm.Tests.Headers;
using KernelAgent.BuildFarm.Tests.Hosting;
using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;
using Microsoft.Extensions.Logging.Abstractions;
using static KernelAgent.BuildFarm.Tests.Matrix.MatrixTestData;
using StoreHeaderPackage = KernelAgent.Store.Attestations.HeaderPackage;

namespace KernelAgent.BuildFarm.Tests.Matrix.Apply;

/// <summary>
/// A header package of a published kernel changes: plan, apply through the farm's real coordinator and publisher (the
/// builder reports the catalog's header packages), and the store's current attestation is the rebuild's: on a
/// directory store, and on a real radosgw bucket.
/// </summary>
public sealed class SupersedeApplyTests
{
    [Fact(Timeout = 120_000)]
    public async Task Apply_HeaderPackageChangedOnAPublishedEntry_RepublishesWithTheNewHeadersAndKeepsTheOldAttestation()
    {
        await using var farm = await FakeBuilderFarm.StartAsync();
        await HeaderChangeIsRepublishedAsync(farm, TestContext.Current.CancellationToken);
    }

    [Fact(Timeout = 180_000)]
    [Trait("Category", "Integration")]
    public async Task Apply_HeaderPackageChangedOnAPublishedEntryInRadosgw_RepublishesWithTheNewHeadersAndKeepsTheOldAttestation()
    {
        var endpoint = Environment.GetEnvironmentVariable("KA_TEST_S3_ENDPOINT");
        IntegrationRequirement.Require(!string.IsNullOrEmpty(endpoint), "KA_TEST_S3_ENDPOINT is not set (scripts/radosgw/start.sh writes it; scripts/test.sh exports it)");
        var (accessKey, secretKey) = (Environment.GetEnvironmentVariable("KA_TEST_S3_ACCESS_KEY"), Environment.GetEnvironmentVariable("KA_TEST_S3_SECRET_KEY"));
        var bucket = "ka-test-" + Guid.NewGuid().ToString("N")[..16];
        using (var client = new AmazonS3Client(new BasicAWSCredentials(accessKey, secretKey), new AmazonS3Config
        {
            ServiceURL = endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1", Timeout = TimeSpan.FromSeconds(10),
        }))
        {
            await client.PutBucketAsync(bucket, TestContext.Current.CancellationToken);
        }

        await using var farm = await FakeBuilderFarm.StartAsync(new Dictionary<string, string?>
        {
            ["Farm:StoreUrl"] = $"s3://{bucket}/fleet",
            ["Farm:S3:ServiceUrl"] = endpoint,
            ["Farm:S3:ForcePathStyle"] = "true",
            ["Farm:S3:AccessKey"] = accessKey,
            ["Farm:S3:SecretKey"] = secretKey,
        });
        Assert.Equal("s3", farm.Service<IArtifactStore>().Location.Scheme);
        await HeaderChangeIsRepublishedAsync(farm, TestContext.Current.CancellationToken);
    }

    private static async Task HeaderChangeIsRepublishedAsync(InProcessFarm farm, CancellationToken token)
    {
        var store = farm.Service<IArtifactStore>();
        var snapshots = new SnapshotStore(store);
        var applier = new MatrixApplier(farm.Service<IBuildCoordinator>(), snapshots, store, TimeProvider.System, NullLogger<MatrixApplier>.Instance);
        var kernel = Debian(56);
        farm.Service<FakeModuleBuilder>().HeaderPackagesOf = _ => [.. kernel.HeaderPackages.Select(ToAttested)];
        var first = await Planner().PlanAsync(PolicyWith(), CatalogOf(kernel), await snapshots.LatestAsync("test", CancellationToken.None), [], token);
        await applier.ApplyAsync(first, new ApplyOptions(), token);
        var variant = first.Added[0].Entry.ToVariant();
        var oldEnvelope = await store.ReadAsync(StoreLayout.AttestationKey(variant), token);

        kernel = Debian(56, kbuildVersion: "6.1.999-1");
        var changed = await Planner().PlanAsync(PolicyWith(), CatalogOf(kernel), await snapshots.LatestAsync("test", CancellationToken.None), [], token);
        var result = await applier.ApplyAsync(changed, new ApplyOptions(), token);
        var published = await ArtifactResolver.ResolveAsync(store, variant, farm.Service<IAttestationSigning>().TrustedKeys, token);
        var again = await Planner().PlanAsync(PolicyWith(), CatalogOf(kernel), await snapshots.LatestAsync("test", CancellationToken.None), [], token);

        Assert.Equal(ChangeReasons.HeaderPackageChanged, Assert.Single(changed.Changed).Reasons);
        Assert.Equal(EntryOutcome.Published, Assert.Single(result.Entries).Outcome);
        Assert.NotNull(published);
        Assert.Equal(changed.Changed[0].Entry.BuildKey, published.Attestation.BuildKey);
        var kbuild = kernel.HeaderPackages.Single(p => p.Name.StartsWith("linux-kbuild", StringComparison.Ordinal));
        Assert.Contains(
            published.Attestation.Statement.Predicate.BuildDefinition.ResolvedDependencies,
            d => d.Name == $"{kbuild.Name}@6.1.999-1" && d.Digest["sha256"] == kbuild.Sha256);
        var kept = StoreLayout.AttestationHistoryKey(variant, Digests.Sha256Hex(oldEnvelope));
        Assert.Equal(kept, result.Entries[0].SupersededAttestation);
        Assert.Equal(first.Added[0].Entry.BuildKey, result.Entries[0].SupersededBuildKey);
        Assert.Equal(oldEnvelope, await store.ReadAsync(kept, token));
        Assert.True(again.IsEmpty, $"second plan: added {again.Added.Count}, changed {again.Changed.Count}, retired {again.Retired.Count}");

        // The same plan applied again, as after a crash before its snapshot was written: nothing is built.
        var builds = farm.Service<FakeModuleBuilder>().Builds;
        var repeated = await applier.ApplyAsync(changed, new ApplyOptions(), token);
        Assert.Equal(EntryOutcome.AlreadyPublished, Assert.Single(repeated.Entries).Outcome);
        Assert.Equal(builds, farm.Service<FakeModuleBuilder>().Builds);
    }

    private static StoreHeaderPackage ToAttested(CatalogPackage package) =>
        new(package.Name, package.Version, package.Sha256, $"pkg:deb/debian/{package.Name}@{package.Version}?arch={package.Architecture}");
}
