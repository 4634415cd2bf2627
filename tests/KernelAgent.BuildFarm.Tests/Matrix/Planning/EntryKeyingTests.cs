using KernelAgent.BuildFarm.Matrix;
using KernelAgent.BuildFarm.Matrix.Benchmark;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Matrix.Planning;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Tests.Matrix.Planning;

public sealed class EntryKeyingTests
{
    private static readonly DriverIdentity _driver = new("kagent_sample", "1.0.0");

    [Fact]
    public void Key_KernelsOverManyRanges_GivesEachEntryOnceSortedByIdWithItsOwnHeaders()
    {
        var kernels = SyntheticCatalog.Generate(6000, DateTimeOffset.UnixEpoch).Kernels;

        var entries = Key(kernels, []);

        Assert.Equal(kernels.Select(k => BuildKeys.EntryId(k.Identity!, _driver.Name)).Order(), entries.Select(e => e.Id));
        var headersOf = kernels.ToDictionary(k => k.Identity!, k => BuildKeys.Headers(k.HeaderPackages));
        Assert.All(entries, e => Assert.Equal(headersOf[e.Kernel], e.Inputs.Headers));
    }

    [Fact]
    public void Key_InvalidKernelsInDifferentRanges_AreLeftOutWithWarningsInCatalogOrder()
    {
        var kernels = SyntheticCatalog.Generate(6000, DateTimeOffset.UnixEpoch).Kernels.ToList();
        kernels[100] = kernels[100] with { Release = "6.1.0-1/../x" };
        kernels[5000] = kernels[5000] with { Arch = "sparc64" };
        var warnings = new List<string>();

        var entries = Key(kernels, warnings);

        Assert.Equal(5998, entries.Count);
        Assert.Collection(
            warnings,
            w => Assert.StartsWith($"{kernels[100]} left out", w, StringComparison.Ordinal),
            w => Assert.StartsWith($"{kernels[5000]} left out", w, StringComparison.Ordinal));
    }

    private static List<MatrixEntry> Key(IReadOnlyList<CatalogKernel> kernels, List<string> warnings)
    {
        var toolchain = Sha256Digest.OfText("toolchain");
        return EntryKeying.Key(
            [.. kernels.Select(k => (k, EntrySource.Policy))], [.. kernels.Select(_ => toolchain)], [(_driver, Sha256Digest.OfText("source"))], warnings);
    }
}
