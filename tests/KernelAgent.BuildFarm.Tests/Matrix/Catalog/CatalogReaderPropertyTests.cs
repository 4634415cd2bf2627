using CsCheck;
using KernelAgent.BuildFarm.Matrix;
using KernelAgent.BuildFarm.Matrix.Catalog;

namespace KernelAgent.BuildFarm.Tests.Matrix.Catalog;

/// <summary>
/// The catalog reader on mutated documents: a catalog or a refusal naming the document, never another exception;
/// what it reads writes back to bytes it reads again to the same catalog.
/// </summary>
public sealed class CatalogReaderPropertyTests(ITestOutputHelper output)
{
    private static readonly byte[] Document = Written(MatrixTestData.CatalogOf(MatrixTestData.Debian(55), MatrixTestData.Debian(56, "arm64"), MatrixTestData.Debian(56, "cloud-amd64")));

    [Fact]
    public void Read_ByteMutations_IsACatalogOrARefusalAndRoundTrips()
    {
        PropertyCases.Check(PropertyCases.Mutated(Document), bytes =>
        {
            KernelCatalog catalog;
            try
            {
                catalog = CatalogJson.Read(new MemoryStream(bytes), "fuzz.json");
            }
            catch (MatrixDocumentException e)
            {
                Assert.Contains("fuzz.json", e.Message, StringComparison.Ordinal);
                return;
            }

            var written = Written(catalog);
            Assert.Equal(written, Written(CatalogJson.Read(new MemoryStream(written), "again.json")));
        }, output, "CatalogJson.Read, byte mutations");
    }

    // The reader's 10,000 cases are the mutations above; this checks the writer's output against it.
    [Fact]
    public void WriteThenRead_GeneratedCatalogs_RoundTrip()
    {
        var gen = Gen.Select(Gen.Int[1, 99], Gen.OneOf("amd64", "cloud-amd64", "rt-amd64", "arm64"), Gen.OneOf("6.1", "6.12"), Gen.Bool)
            .Select((abi, flavour, series, unknown) => MatrixTestData.Debian(abi, flavour, series: series) is var k && unknown ? k with { BuildString = null } : k)
            .Array[0, 5];
        PropertyCases.Check(gen, kernels =>
        {
            var bytes = Written(MatrixTestData.CatalogOf(kernels));

            var read = CatalogJson.Read(new MemoryStream(bytes), "generated.json");

            Assert.Equal(kernels.Select(k => (k.Release, k.BuildString, k.PackageVersion)), read.Kernels.Select(k => (k.Release, k.BuildString, k.PackageVersion)));
            Assert.Equal(bytes, Written(read));
        }, output, "CatalogJson write then read", iterations: 300);
    }

    private static byte[] Written(KernelCatalog catalog)
    {
        using var stream = new MemoryStream();
        CatalogJson.Write(stream, catalog);
        return stream.ToArray();
    }
}
