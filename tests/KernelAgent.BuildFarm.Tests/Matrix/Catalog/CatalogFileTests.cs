using System.Globalization;
using System.Text.RegularExpressions;
using KernelAgent.BuildFarm.Matrix;
using KernelAgent.BuildFarm.Matrix.Benchmark;
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

        Assert.Equal(catalog.Kernels.Count + 4, File.ReadAllLines(path).Length);
        Assert.Empty(Directory.GetFiles(_scratch.Path, "*.tmp"));
    }

    [Fact]
    public void Load_UnknownFields_AreSkipped()
    {
        var path = Path.Join(_scratch.Path, "catalog.json");
        CatalogFile.Save(path, CatalogOf(Debian(56)));
        File.WriteAllText(path, File.ReadAllText(path).Replace("{\"distro\":", "{\"addedLater\":{\"a\":[1,2]},\"distro\":", StringComparison.Ordinal));

        Assert.Equal("6.1.0-56-amd64", Assert.Single(CatalogFile.Load(path).Kernels).Release);
    }

    [Fact]
    public void Load_DamagedDocument_NamesTheFileAndTheByte()
    {
        var path = Path.Join(_scratch.Path, "catalog.json");
        File.WriteAllText(path, "{\"format\":\"kernelagent-catalog/v1\",\"crawledAt\":\"2026-11-23T12:00:00+00:00\",\"kernels\":[{\"distro\":\"debian\",}]}");

        var error = Assert.Throws<MatrixDocumentException>(() => CatalogFile.Load(path));

        Assert.Contains($"{path} at byte", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CatalogOfManyTokenBatches_ReadsEveryKernelInOrder()
    {
        var path = Path.Join(_scratch.Path, "catalog.json");
        var catalog = SyntheticCatalog.Generate(3000, Now);
        CatalogFile.Save(path, catalog);

        var loaded = CatalogFile.Load(path);

        Assert.Equal(catalog.Kernels.Select(k => (k.Release, k.BuildString)), loaded.Kernels.Select(k => (k.Release, k.BuildString)));
        Assert.Equal(catalog.Kernels.SelectMany(k => k.HeaderPackages), loaded.Kernels.SelectMany(k => k.HeaderPackages));
    }

    [Fact]
    public void Load_DamageFarIntoALargeCatalog_NamesTheByteNearIt()
    {
        var path = Path.Join(_scratch.Path, "catalog.json");
        CatalogFile.Save(path, SyntheticCatalog.Generate(3000, Now));
        var text = File.ReadAllText(path);
        var damageAt = text.LastIndexOf("\"origin\":", StringComparison.Ordinal) + "\"origin\"".Length;
        File.WriteAllText(path, string.Concat(text.AsSpan(0, damageAt), "@", text.AsSpan(damageAt + 1)));

        var error = Assert.Throws<MatrixDocumentException>(() => CatalogFile.Load(path));

        var offset = long.Parse(Regex.Match(error.Message, @"at byte (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(offset, damageAt - 1000, damageAt);
    }

    [Fact]
    public void Load_AnotherKindOfDocument_IsRefused()
    {
        var path = Path.Join(_scratch.Path, "policy.json");
        File.WriteAllText(path, "{\"format\":\"kernelagent-policy/v1\"}");

        Assert.Contains("not a kernelagent-catalog/v1 catalog", Assert.Throws<MatrixDocumentException>(() => CatalogFile.Load(path)).Message, StringComparison.Ordinal);
    }
}
