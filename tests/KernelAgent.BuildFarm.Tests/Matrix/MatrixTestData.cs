using KernelAgent.BuildFarm.Drivers;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Matrix.Planning;
using KernelAgent.BuildFarm.Matrix.Policy;
using KernelAgent.Store.Layout;

namespace KernelAgent.BuildFarm.Tests.Matrix;

/// <summary>Small catalogs, policies and a planner for the prebuild pipeline's fast tests.</summary>
internal static class MatrixTestData
{
    public const string Driver = "kagent_sample";
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static readonly string SourceV1 = new('1', 64);
    public static readonly string SourceV2 = new('2', 64);

    /// <summary>A Debian 12 kernel of ABI 6.1.0-&lt;abi&gt; in one flavour, with its three header packages.</summary>
    public static CatalogKernel Debian(int abi, string flavour = "amd64", string? kbuildVersion = null, string series = "6.1")
    {
        var arch = flavour.EndsWith("arm64", StringComparison.Ordinal) ? "aarch64" : "x86_64";
        var version = $"{series}.{100 + abi}-1";
        var abiName = $"{series}.0-{abi}";
        return new CatalogKernel
        {
            Distro = "debian",
            DistroVersion = "12",
            Arch = arch,
            Release = $"{abiName}-{flavour}",
            Flavour = flavour,
            Series = series,
            Abi = abiName,
            PackageVersion = version,
            BuildString = $"#1 SMP PREEMPT_DYNAMIC Debian {version} (2026-11-{abi % 28 + 1:00})",
            BuildStringSource = "test",
            Compiler = "gcc-12",
            Origin = "test bookworm-security",
            HeaderPackages =
            [
                Package($"linux-headers-{abiName}-{flavour}", version, arch == "x86_64" ? "amd64" : "arm64"),
                Package($"linux-headers-{abiName}-common", version, "all"),
                Package($"linux-kbuild-{series}", kbuildVersion ?? version, "amd64"),
            ],
        };
    }

    public static CatalogPackage Package(string name, string version, string architecture) =>
        new(name, version, architecture, Sha256Of($"{name} {version} {architecture}"), 1000);

    public static string Sha256Of(string text) => Digests.Sha256Hex(System.Text.Encoding.UTF8.GetBytes(text));

    public static KernelCatalog CatalogOf(params CatalogKernel[] kernels) => new(Now, [], kernels);

    public static SupportPolicy PolicyWith(
        int newestAbis = 10, string flavours = "\"amd64\", \"arm64\"", string driverVersion = "1.0.0", string arches = "\"x86_64\", \"aarch64\"", string hotSet = "")
        => SupportPolicyParser.Parse(
            $$"""
            {
              "format": "kernelagent-policy/v1",
              "name": "test",
              "targets": [ { "distro": "debian", "versions": ["12"], "arches": [{{arches}}], "flavours": [{{flavours}}], "window": { "newestAbis": {{newestAbis}} } } ],
              "drivers": [ { "name": "{{Driver}}", "version": "{{driverVersion}}" } ]{{(hotSet.Length > 0 ? ", \"hotSet\": " + hotSet : "")}}
            }
            """,
            "(test)");

    /// <summary>A planner whose registry holds 1.0.0 (source <see cref="SourceV1"/>) and 2.0.0 (<see cref="SourceV2"/>).</summary>
    public static IMatrixPlanner Planner(string toolchain = "12.2.0-14+deb12u1", string? sourceOfV1 = null) => new MatrixPlanner(
        new FixedDriverRegistry(
        [
            new RegisteredDriver(Driver, "1.0.0", "/src/1", DriverSourceKind.Folder, sourceOfV1 ?? SourceV1),
            new RegisteredDriver(Driver, "2.0.0", "/src/2", DriverSourceKind.Folder, SourceV2),
        ]),
        new FixedToolchainIdentity(toolchain));
}
