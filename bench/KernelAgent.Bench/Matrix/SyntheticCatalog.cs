using System.Globalization;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.Store.Layout;

namespace KernelAgent.Bench.Matrix;

/// <summary>
/// A deterministic catalog of any size shaped like real ones: several distributions, versions, both arches, a few
/// series each, every flavour of each ABI, three header packages per kernel of which two are shared (the ABI's
/// common headers, the series' kbuild), and resolved build strings.
/// </summary>
internal static class SyntheticCatalog
{
    private static readonly (string Distro, string[] Versions, string[] Flavours, string[] Series)[] _families =
    [
        ("debian", ["11", "12", "13"], ["{arch}", "cloud-{arch}", "rt-{arch}"], ["5.10", "6.1", "6.12"]),
        ("ubuntu", ["20.04", "22.04", "24.04"], ["generic", "lowlatency", "aws", "azure", "gcp"], ["5.15", "6.8"]),
        ("rhel", ["8", "9"], ["default", "rt", "64k"], ["4.18", "5.14"]),
        ("amzn", ["2023"], ["default"], ["6.1", "6.12"]),
    ];

    public static KernelCatalog Generate(int count, DateTimeOffset crawledAt)
    {
        var groups = (from family in _families
                      from version in family.Versions
                      from arch in (string[])["x86_64", "aarch64"]
                      from series in family.Series
                      select (family.Distro, Version: version, Arch: arch, Series: series, family.Flavours)).ToList();
        var kernels = new List<CatalogKernel>(count);
        for (var abi = 1; kernels.Count < count; abi++)
        {
            foreach (var group in groups)
            {
                foreach (var flavourPattern in group.Flavours)
                {
                    if (kernels.Count == count)
                    {
                        break;
                    }

                    kernels.Add(Kernel(group.Distro, group.Version, group.Arch, group.Series, flavourPattern, abi));
                }
            }
        }

        return new KernelCatalog(crawledAt, [new CatalogSource("synthetic", "generated", "synthetic", "0", kernels.Count)], kernels);
    }

    /// <summary>The same kernel with another digest for its common headers package (a republished package).</summary>
    public static CatalogKernel WithChangedHeaders(CatalogKernel kernel) => kernel with
    {
        HeaderPackages = [kernel.HeaderPackages[0], kernel.HeaderPackages[1] with { Sha256 = Digest("republished " + kernel.HeaderPackages[1].Name) }, kernel.HeaderPackages[2]],
    };

    private static CatalogKernel Kernel(string distro, string version, string arch, string series, string flavourPattern, int abiNumber)
    {
        var debArch = arch == "x86_64" ? "amd64" : "arm64";
        var flavour = flavourPattern.Replace("{arch}", debArch, StringComparison.Ordinal);
        var n = abiNumber.ToString(CultureInfo.InvariantCulture);
        var abi = $"{series}.0-{n}";
        var packageVersion = $"{series}.{100 + abiNumber}-1";
        var release = distro is "rhel" or "amzn" ? $"{series}.0-{n}.el{version}.{arch}{(flavour == "default" ? "" : "+" + flavour)}" : $"{abi}-{flavour}";
        var common = new CatalogPackage($"linux-headers-{abi}-common", packageVersion, "all", Digest($"{distro}{version} common {abi}"), 12_000_000);
        var kbuild = new CatalogPackage($"linux-kbuild-{series}", packageVersion, debArch, Digest($"{distro}{version} kbuild {series} {debArch}"), 1_500_000);
        return new CatalogKernel
        {
            Distro = distro,
            DistroVersion = version,
            Arch = arch,
            Release = release,
            Flavour = flavour,
            Series = series,
            Abi = abi,
            PackageVersion = packageVersion,
            BuildString = $"#1 SMP PREEMPT_DYNAMIC {distro} {packageVersion} (2026-11-{1 + (abiNumber % 28):00})",
            BuildStringSource = "synthetic",
            Compiler = "gcc-12",
            Origin = $"synthetic {distro} {version}",
            HeaderPackages =
            [
                new CatalogPackage($"linux-headers-{release}", packageVersion, debArch, Digest($"{distro}{version} {release} {packageVersion}"), 1_800_000),
                common,
                kbuild,
            ],
        };
    }

    private static string Digest(string text) => Digests.Sha256Hex(System.Text.Encoding.UTF8.GetBytes(text));
}
