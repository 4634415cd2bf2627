using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Debian;
using KernelAgent.BuildFarm.Matrix.Catalog;

namespace KernelAgent.BuildFarm.Cli;

/// <summary>A catalog in a few lines per distro version, arch and series: its ABIs (newest first) and flavours.</summary>
internal static class CatalogPrinter
{
    public static void WriteSummary(TextWriter output, KernelCatalog catalog, IReadOnlyList<string> warnings)
    {
        var resolved = catalog.Kernels.Count(k => k.BuildString is not null);
        output.WriteLine($"catalog: {catalog.Kernels.Count} kernels from {catalog.Sources.Count} indexes; build strings: {resolved} known, {catalog.Kernels.Count - resolved} unknown");
        var versions = Comparer<string>.Create(DebianVersion.Compare);
        foreach (var group in catalog.Kernels.GroupBy(k => (k.Distro, k.DistroVersion, k.Arch, k.Series)).OrderBy(g => g.Key))
        {
            var abis = group.GroupBy(k => k.Abi).OrderByDescending(a => a.Select(k => k.PackageVersion).Max(versions)!, versions).Select(a => a.Key);
            var flavours = group.Select(k => k.Flavour).Distinct().Order(StringComparer.Ordinal);
            output.WriteLine($"  {group.Key.Distro} {group.Key.DistroVersion} {group.Key.Arch} {group.Key.Series}: ABIs {string.Join(", ", abis)}; flavours {string.Join(", ", flavours)}");
        }

        foreach (var warning in warnings)
        {
            output.WriteLine($"! {warning}");
        }
    }
}
