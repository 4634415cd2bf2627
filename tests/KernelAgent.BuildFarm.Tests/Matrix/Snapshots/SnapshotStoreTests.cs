using System.IO.Compression;
using KernelAgent.BuildFarm.Drivers;
using KernelAgent.BuildFarm.Matrix;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Matrix.Planning;
using KernelAgent.BuildFarm.Matrix.Policy;
using KernelAgent.BuildFarm.Matrix.Snapshots;
using KernelAgent.BuildFarm.Tests.Headers;
using KernelAgent.Store.Backends;
using static KernelAgent.BuildFarm.Tests.Matrix.MatrixTestData;

namespace KernelAgent.BuildFarm.Tests.Matrix.Snapshots;

public sealed class SnapshotStoreTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

    /// <summary>The bytes of a binary (v2) snapshot and of the catalog it was planned from, as a farm before gzip JSON wrote them.</summary>
    public static byte[] FixtureSnapshot => File.ReadAllBytes(Fixture("bench-20261207T180806066Z.snap"));

    [Fact]
    public async Task Write_TwoSnapshots_KeepsBothAndReadsTheNewest()
    {
        var snapshots = new SnapshotStore(_store.Store);
        var first = await SnapshotAsync("20261122T120000000Z-00000001", CatalogOf(Debian(55)));
        var second = await SnapshotAsync("20261123T120000000Z-00000002", CatalogOf(Debian(55), Debian(56)));

        await snapshots.WriteAsync(first, CancellationToken.None);
        await snapshots.WriteAsync(second, CancellationToken.None);
        var latest = await snapshots.LatestAsync("test", CancellationToken.None);

        Assert.Equal(
            ["v1/snapshots/test/20261122T120000000Z-00000001.json.gz", "v1/snapshots/test/20261123T120000000Z-00000002.json.gz"],
            await snapshots.ListAsync("test", CancellationToken.None));
        Assert.Equal(second.Header with { Toolchains = latest!.Header.Toolchains }, latest.Header);
        Assert.Equal(second.Header.Toolchains, latest.Header.Toolchains);
        Assert.Equal(second.Entries, latest.Entries);
    }

    [Fact]
    public async Task Write_ExistingId_IsRefusedAndTheFirstKept()
    {
        var snapshots = new SnapshotStore(_store.Store);
        var snapshot = await SnapshotAsync("20261123T120000000Z-00000001", CatalogOf(Debian(56)));
        await snapshots.WriteAsync(snapshot, CancellationToken.None);

        var error = await Assert.ThrowsAsync<StoreException>(() => snapshots.WriteAsync(snapshot with { Entries = [] }, CancellationToken.None));

        Assert.Equal(StoreErrorKind.Conflict, error.Kind);
        Assert.Single((await snapshots.LatestAsync("test", CancellationToken.None))!.Entries);
    }

    [Fact]
    public async Task Latest_NoSnapshotOrAnotherPolicysOnly_IsNull()
    {
        var snapshots = new SnapshotStore(_store.Store);
        await snapshots.WriteAsync(await SnapshotAsync("20261123T120000000Z-00000001", CatalogOf(Debian(56))), CancellationToken.None);

        Assert.Null(await snapshots.LatestAsync("other", CancellationToken.None));
    }

    [Fact]
    public async Task Latest_BinarySnapshotOfAnEarlierFarm_IsReadWithTheKeysThisFarmComputes()
    {
        await _store.Store.WriteAsync("v1/snapshots/bench/20261207T180806066Z-49eb1c2e.snap", FixtureSnapshot, WriteMode.CreateNew, CancellationToken.None);

        var latest = await new SnapshotStore(_store.Store).LatestAsync("bench", CancellationToken.None);

        Assert.Equal(("20261207T180806066Z-49eb1c2e", 12), (latest!.Header.Id, latest.Entries.Count));
        Assert.All(latest.Entries, e =>
        {
            var computed = MatrixEntry.Create(e.Kernel, e.Driver, e.Inputs, e.Source);
            Assert.Equal((computed.Id, computed.VariantKey, computed.BuildKey), (e.Id, e.VariantKey, e.BuildKey));
        });
    }

    [Fact]
    public async Task Plan_CatalogAndBinarySnapshotOfAnEarlierFarm_FindsNothingChanged()
    {
        await _store.Store.WriteAsync("v1/snapshots/bench/20261207T180806066Z-49eb1c2e.snap", FixtureSnapshot, WriteMode.CreateNew, CancellationToken.None);
        var catalog = CatalogFile.Load(Fixture("bench-catalog-20261207.json"));
        var planner = new MatrixPlanner(
            new FixedDriverRegistry([new RegisteredDriver(Driver, "1.0.0", "/dev/null", DriverSourceKind.Folder, new string('a', 64))]),
            new FixedToolchainIdentity("12.2.0-14+deb12u1"));

        var previous = await new SnapshotStore(_store.Store).LatestAsync("bench", CancellationToken.None);

        // The policy the snapshot was applied with, as the snapshot itself records it.
        var plan = await planner.PlanAsync(SupportPolicyParser.Parse(previous!.Header.PolicyJson, "(fixture)"), catalog, previous, [], CancellationToken.None);

        Assert.Equal((0, 0, 0, 12), (plan.Added.Count, plan.Changed.Count, plan.Retired.Count, plan.UnchangedCount));
        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public async Task Latest_JsonWrittenAfterBinary_IsTheNewest()
    {
        var snapshots = new SnapshotStore(_store.Store);
        await _store.Store.WriteAsync("v1/snapshots/test/20261207T180806066Z-49eb1c2e.snap", FixtureSnapshot, WriteMode.CreateNew, CancellationToken.None);
        var newest = await SnapshotAsync("20261208T120000000Z-00000002", CatalogOf(Debian(55), Debian(56)));
        await snapshots.WriteAsync(newest, CancellationToken.None);

        var latest = await snapshots.LatestAsync("test", CancellationToken.None);

        Assert.Equal(newest.Entries, latest!.Entries);
        Assert.Equal(2, (await snapshots.ListAsync("test", CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Latest_ANewerFormatVersion_IsRefusedByName()
    {
        await _store.Store.WriteAsync(
            "v1/snapshots/test/20261123T120000000Z-00000001.snap", "kernelagent-matrix-snapshot/v3\nwhatever"u8.ToArray(), WriteMode.CreateNew, CancellationToken.None);
        await _store.Store.WriteAsync(
            "v1/snapshots/other/20261123T120000000Z-00000001.json.gz", Gzip("{\"format\":\"kernelagent-matrix-snapshot/v3\",\"id\":\"x\",\"policyName\":\"other\",\"createdAt\":\"2026-11-23T12:00:00Z\",\"previous\":null,\"run\":null,\"policy\":\"{}\"}"u8.ToArray()), WriteMode.CreateNew, CancellationToken.None);

        var binary = await Assert.ThrowsAsync<MatrixDocumentException>(() => new SnapshotStore(_store.Store).LatestAsync("test", CancellationToken.None));
        var json = await Assert.ThrowsAsync<MatrixDocumentException>(() => new SnapshotStore(_store.Store).LatestAsync("other", CancellationToken.None));

        Assert.Contains("'kernelagent-matrix-snapshot/v3'", binary.Message, StringComparison.Ordinal);
        Assert.Contains("20261123T120000000Z-00000001.snap", binary.Message, StringComparison.Ordinal);
        Assert.Contains("'kernelagent-matrix-snapshot/v3'", json.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Latest_CutShortBinary_NamesTheObjectAndOffset()
    {
        await _store.Store.WriteAsync(
            "v1/snapshots/test/20261123T120000000Z-00000001.snap", FixtureSnapshot.AsMemory(0, FixtureSnapshot.Length - 40), WriteMode.CreateNew, CancellationToken.None);

        var error = await Assert.ThrowsAsync<MatrixDocumentException>(() => new SnapshotStore(_store.Store).LatestAsync("test", CancellationToken.None));

        Assert.Contains("20261123T120000000Z-00000001.snap at byte", error.Message, StringComparison.Ordinal);
        Assert.Contains("ends early", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Latest_NotASnapshot_SaysWhatItExpected()
    {
        await _store.Store.WriteAsync("v1/snapshots/test/20261123T120000000Z-00000001.snap", "{}"u8.ToArray(), WriteMode.CreateNew, CancellationToken.None);

        var error = await Assert.ThrowsAsync<MatrixDocumentException>(() => new SnapshotStore(_store.Store).LatestAsync("test", CancellationToken.None));

        Assert.Contains("is not a kernelagent-matrix-snapshot/v2 snapshot", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Latest_DamagedObject_NamesIt()
    {
        await _store.Store.WriteAsync("v1/snapshots/test/20261123T120000000Z-00000001.json.gz", "not gzip"u8.ToArray(), WriteMode.CreateNew, CancellationToken.None);

        var error = await Assert.ThrowsAsync<MatrixDocumentException>(() => new SnapshotStore(_store.Store).LatestAsync("test", CancellationToken.None));

        Assert.Contains("20261123T120000000Z-00000001.json.gz", error.Message, StringComparison.Ordinal);
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return buffer.ToArray();
    }

    public static string Fixture(string name) => Path.Join(TestRepository.Root, "tests", "KernelAgent.BuildFarm.Tests", "Matrix", "Fixtures", name);

    internal static async Task<MatrixSnapshot> SnapshotAsync(string id, KernelCatalog catalog)
    {
        var plan = await Planner().PlanAsync(PolicyWith(), catalog, null, [], CancellationToken.None);
        return new MatrixSnapshot(new SnapshotHeader(id, "test", Now, null, "run-" + id, plan.Policy.CanonicalJson, plan.Toolchains), plan.Entries);
    }
}
