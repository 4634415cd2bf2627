using System.IO.Compression;
using KernelAgent.BuildFarm.Matrix;
using KernelAgent.BuildFarm.Matrix.Snapshots;
using static KernelAgent.BuildFarm.Tests.Matrix.MatrixTestData;

namespace KernelAgent.BuildFarm.Tests.Matrix.Snapshots;

/// <summary>The snapshot readers on mutated documents: a snapshot or a refusal naming the object, never another exception.</summary>
public sealed class SnapshotReaderPropertyTests(ITestOutputHelper output)
{
    private static readonly byte[] Gzipped = SnapshotStore.Encode(
        SnapshotStoreTests.SnapshotAsync("20261123T120000000Z-00000001", CatalogOf(Debian(55), Debian(56, "arm64"))).GetAwaiter().GetResult());

    [Fact]
    public void Read_JsonMutations_IsASnapshotOrARefusal() =>
        PropertyCases.Check(PropertyCases.Mutated(Gunzip(Gzipped)), json => ReadOrRefuse(() => SnapshotStore.Read(SnapshotStoreTests.Gzip(json), "fuzz.json.gz")), output, "gzip JSON snapshot, JSON byte mutations");

    [Fact]
    public void Read_GzipMutations_IsASnapshotOrARefusal() =>
        PropertyCases.Check(PropertyCases.Mutated(Gzipped), bytes => ReadOrRefuse(() => SnapshotStore.Read(bytes, "fuzz.json.gz")), output, "gzip JSON snapshot, gzip byte mutations");

    [Fact]
    public void Read_BinaryMutations_IsASnapshotOrARefusal() =>
        PropertyCases.Check(PropertyCases.Mutated(SnapshotStoreTests.FixtureSnapshot), bytes => ReadOrRefuse(() => SnapshotV2Reader.Read(bytes, "fuzz.snap")), output, "binary v2 snapshot, byte mutations");

    private static void ReadOrRefuse(Func<MatrixSnapshot> read)
    {
        try
        {
            var snapshot = read();
            Assert.All(snapshot.Entries, e => Assert.NotNull(e.Kernel.KernelVersion));
        }
        catch (MatrixDocumentException e)
        {
            Assert.Contains("fuzz.", e.Message, StringComparison.Ordinal);
        }
    }

    private static byte[] Gunzip(byte[] bytes)
    {
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return plain.ToArray();
    }
}
