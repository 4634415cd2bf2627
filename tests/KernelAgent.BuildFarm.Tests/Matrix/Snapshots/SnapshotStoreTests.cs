using System.IO.Compression;
using KernelAgent.BuildFarm.Matrix;
using KernelAgent.BuildFarm.Matrix.Planning;
using KernelAgent.BuildFarm.Matrix.Snapshots;
using KernelAgent.Store.Backends;
using static KernelAgent.BuildFarm.Tests.Matrix.MatrixTestData;

namespace KernelAgent.BuildFarm.Tests.Matrix.Snapshots;

public sealed class SnapshotStoreTests : IDisposable
{
    private readonly TestStore _store = new();

    public void Dispose() => _store.Dispose();

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
            ["v1/snapshots/test/20261122T120000000Z-00000001.snap", "v1/snapshots/test/20261123T120000000Z-00000002.snap"],
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
        Assert.Null(await snapshots.Latest("other").ReadAsync(new CollectingVisitor(), CancellationToken.None));
    }

    [Fact]
    public async Task Latest_EntriesTheNewMatrixHas_ComeWithoutTheirStringsMadeAgain()
    {
        var snapshots = new SnapshotStore(_store.Store);
        var snapshot = await SnapshotAsync("20261123T120000000Z-00000001", CatalogOf(Debian(55), Debian(56)));
        await snapshots.WriteAsync(snapshot, CancellationToken.None);
        var current = snapshot.Entries.Single(e => e.Kernel.KernelRelease == "6.1.0-56-amd64");
        var visitor = new RecordingVisitor(current);

        await snapshots.Latest("test").ReadAsync(visitor, CancellationToken.None);

        Assert.Equal(PreviousEntryState.Of(current), Assert.Single(visitor.Matched));
        Assert.Equal("6.1.0-55-amd64", Assert.Single(visitor.Unmatched).Kernel.KernelRelease);
    }

    [Fact]
    public async Task Latest_GzipJsonSnapshotOfV1_IsStillRead()
    {
        var snapshots = new SnapshotStore(_store.Store);
        var older = await SnapshotAsync("20261122T120000000Z-00000001", CatalogOf(Debian(55)));
        var newest = await SnapshotAsync("20261123T120000000Z-00000002", CatalogOf(Debian(55), Debian(56)));
        await snapshots.WriteAsync(older, CancellationToken.None);
        await _store.Store.WriteAsync("v1/snapshots/test/20261123T120000000Z-00000002.json.gz", GzipJson(newest), WriteMode.CreateNew, CancellationToken.None);

        var latest = await snapshots.LatestAsync("test", CancellationToken.None);

        Assert.Equal("20261123T120000000Z-00000002", latest!.Header.Id);
        Assert.Equal(newest.Header.Toolchains, latest.Header.Toolchains);
        Assert.Equal(newest.Entries, latest.Entries);
    }

    [Fact]
    public async Task Latest_V2WrittenAfterV1_IsTheNewest()
    {
        var snapshots = new SnapshotStore(_store.Store);
        var older = await SnapshotAsync("20261122T120000000Z-00000001", CatalogOf(Debian(55)));
        var newest = await SnapshotAsync("20261123T120000000Z-00000002", CatalogOf(Debian(55), Debian(56)));
        await _store.Store.WriteAsync("v1/snapshots/test/20261122T120000000Z-00000001.json.gz", GzipJson(older), WriteMode.CreateNew, CancellationToken.None);
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

        var error = await Assert.ThrowsAsync<MatrixDocumentException>(() => new SnapshotStore(_store.Store).LatestAsync("test", CancellationToken.None));

        Assert.Contains("'kernelagent-matrix-snapshot/v3'", error.Message, StringComparison.Ordinal);
        Assert.Contains("20261123T120000000Z-00000001.snap", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Latest_CutShortV2_NamesTheObjectAndOffset()
    {
        var snapshots = new SnapshotStore(_store.Store);
        var snapshot = await SnapshotAsync("20261123T120000000Z-00000001", CatalogOf(Debian(55), Debian(56)));
        using var whole = new MemoryStream();
        SnapshotBinary.Write(whole, snapshot);
        await _store.Store.WriteAsync(
            "v1/snapshots/test/20261123T120000000Z-00000001.snap", whole.GetBuffer().AsMemory(0, (int)whole.Length - 40), WriteMode.CreateNew, CancellationToken.None);

        var error = await Assert.ThrowsAsync<MatrixDocumentException>(() => snapshots.LatestAsync("test", CancellationToken.None));

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

    private static byte[] GzipJson(MatrixSnapshot snapshot)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            SnapshotJson.Write(gzip, snapshot);
        }

        return buffer.ToArray();
    }

    private static async Task<MatrixSnapshot> SnapshotAsync(string id, KernelAgent.BuildFarm.Matrix.Catalog.KernelCatalog catalog)
    {
        var plan = await Planner().PlanAsync(PolicyWith(), catalog, InMemorySnapshot.None, [], CancellationToken.None);
        return new MatrixSnapshot(new SnapshotHeader(id, "test", Now, null, "run-" + id, plan.Policy.CanonicalJson, plan.Toolchains), plan.Entries);
    }

    private sealed class RecordingVisitor(MatrixEntry current) : ISnapshotEntryVisitor
    {
        public List<PreviousEntryState> Matched { get; } = [];

        public List<MatrixEntry> Unmatched { get; } = [];

        public MatrixEntry? Current(Sha256Digest id) => id == current.Id ? current : null;

        void ISnapshotEntryVisitor.Matched(MatrixEntry entry, PreviousEntryState previous) => Matched.Add(previous);

        void ISnapshotEntryVisitor.Unmatched(MatrixEntry previous) => Unmatched.Add(previous);
    }
}
