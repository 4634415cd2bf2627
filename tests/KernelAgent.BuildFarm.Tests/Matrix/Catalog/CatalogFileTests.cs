using System.Globalization;
using KernelAgent.BuildFarm.Matrix;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Tests.Headers;
using static KernelAgent.BuildFarm.Tests.Matrix.MatrixTestData;

namespace KernelAgent.BuildFarm.Tests.Matrix.Catalog;

public sealed class CatalogFileTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new("matrix-catalog");

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void SaveThenLoad_Catalog_RoundTripsEveryField()
    {
        var path = Path.Join(_scratch.Path, "catalog.json");
        var catalog = new KernelCatalog(Now, [new CatalogSource("debian", "test bookworm-security/main amd64 Packages", "debian", "12", 2)],
            [Debian(56), Debian(56, "arm64") with { BuildString = null, BuildStringSource = null, Compiler = null }]);

        CatalogFile.Save(path, catalog);
        var loaded = CatalogFile.Load(path);

        Assert.Equal(catalog.CrawledAt, loaded.CrawledAt);
        Assert.Equal(catalog.Sources, loaded.Sources);
        Assert.Equal(catalog.Kernels.Count, loaded.Kernels.Count);
        for (var i = 0; i < catalog.Kernels.Count; i++)
        {
            Assert.Equal(catalog.Kernels[i] with { HeaderPackages = [] }, loaded.Kernels[i] with { HeaderPackages = [] });
            Assert.Equal(catalog.Kernels[i].HeaderPackages, loaded.Kernels[i].HeaderPackages);
        }

        Assert.Empty(Directory.GetFiles(_scratch.Path, "*.tmp"));
    }

    [Fact]
    public void Load_UnknownFields_AreSkipped()
    {
        var path = Path.Join(_scratch.Path, "catalog.json");
        CatalogFile.Save(path, CatalogOf(Debian(56)));
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"distro\":", "\"addedLater\": {\"a\": [1, 2]}, \"distro\":", StringComparison.Ordinal));

        Assert.Equal("6.1.0-56-amd64", Assert.Single(CatalogFile.Load(path).Kernels).Release);
    }

    [Fact]
    public void Load_DamagedDocument_NamesTheFileAndTheByte()
    {
        var path = Path.Join(_scratch.Path, "catalog.json");
        File.WriteAllText(path, "{\"format\":\"kernelagent-catalog/v1\",\"crawledAt\":\"2026-11-23T12:00:00+00:00\",\"kernels\":[{\"distro\":\"debian\",}]}");

        var error = Assert.Throws<MatrixDocumentException>(() => CatalogFile.Load(path));

        Assert.Contains($"{path} at line 1, byte", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DamageFarIntoALargeCatalog_NamesItsLine()
    {
        var path = Path.Join(_scratch.Path, "catalog.json");
        CatalogFile.Save(path, CatalogOf([.. Enumerable.Range(1, 500).Select(abi => Debian(abi))]));
        var text = File.ReadAllText(path);
        var damageAt = text.LastIndexOf("\"origin\":", StringComparison.Ordinal) + "\"origin\"".Length;
        File.WriteAllText(path, string.Concat(text.AsSpan(0, damageAt), "@", text.AsSpan(damageAt + 1)));

        var error = Assert.Throws<MatrixDocumentException>(() => CatalogFile.Load(path));

        var line = text.AsSpan(0, damageAt).Count('\n') + 1;
        Assert.Contains($"{path} at line {line.ToString(CultureInfo.InvariantCulture)},", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"distro\": \"debian\"", "\"distro\": null")]
    [InlineData("\"headerPackages\": [", "\"headerPackages\": null, \"x\": [")]
    [InlineData("\"sha256\": \"", "\"sha256\": \"Z")]
    [InlineData("\"crawledAt\"", "\"crawled\"")]
    public void Load_NullMissingOrMalformedField_IsRefusedNamingTheFile(string field, string damaged)
    {
        var path = Path.Join(_scratch.Path, "catalog.json");
        CatalogFile.Save(path, CatalogOf(Debian(56)));
        File.WriteAllText(path, File.ReadAllText(path).Replace(field, damaged, StringComparison.Ordinal));

        Assert.Contains(path, Assert.Throws<MatrixDocumentException>(() => CatalogFile.Load(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CatalogWrittenByAnEarlierFarm_IsRead()
    {
        var catalog = CatalogFile.Load(Path.Join(TestRepository.Root, "tests", "KernelAgent.BuildFarm.Tests", "Matrix", "Fixtures", "bench-catalog-20261207.json"));

        Assert.Equal(12, catalog.Kernels.Count);
        Assert.Equal("#1 SMP PREEMPT_DYNAMIC debian 5.10.101-1 (2026-11-02)", catalog.Kernels[0].BuildString);
        Assert.Equal(3, catalog.Kernels[0].HeaderPackages.Count);
    }

    [Fact]
    public void Load_AnotherKindOfDocument_IsRefused()
    {
        var path = Path.Join(_scratch.Path, "policy.json");
        File.WriteAllText(path, "{\"format\":\"kernelagent-policy/v1\"}");

        Assert.Contains("not a kernelagent-catalog/v1 catalog", Assert.Throws<MatrixDocumentException>(() => CatalogFile.Load(path)).Message, StringComparison.Ordinal);
    }
}
