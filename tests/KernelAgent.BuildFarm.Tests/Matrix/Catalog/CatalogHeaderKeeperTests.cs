using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Matrix;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Tests.Headers;

namespace KernelAgent.BuildFarm.Tests.Matrix.Catalog;

public sealed class CatalogHeaderKeeperTests
{
    [Fact]
    public async Task KeepAsync_MixedCatalog_KeepsKernelsWithBuildStringsOfServedFamiliesAndSaysWhyOthersNot()
    {
        var keeper = new RecordingKeeper("debian", failRelease: "6.1.0-56-rt-amd64");
        var catalog = new KernelCatalog(DateTimeOffset.UnixEpoch, [],
        [
            Kernel("debian", "6.1.0-56-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)"),
            Kernel("debian", "6.1.0-56-rt-amd64", "#1 SMP PREEMPT_RT Debian 6.1.192-2 (2026-11-16)"),
            Kernel("debian", "6.1.0-55-amd64", null),
            Kernel("ubuntu", "5.15.0-91-generic", "#101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023"),
        ]);
        var reported = new RecordingProgress<KeptHeaders>();

        var result = await new CatalogHeaderKeeper([keeper]).KeepAsync(catalog, null, reported, TestContext.Current.CancellationToken);

        Assert.Equal((1, 1, 2, 1), (result.Kernels, result.Failed, result.Downloaded, result.AlreadyCached));
        Assert.Equal(["6.1.0-56-amd64", "6.1.0-56-rt-amd64"], keeper.Kept.Select(s => s.Target.KernelRelease));
        var set = keeper.Kept[0];
        Assert.Equal(new KernelTarget("debian", "12", "x86_64", "6.1.0-56-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)"), set.Target);
        Assert.Equal(
            [("linux-headers-6.1.0-56-amd64", "6.1.192-2", "amd64", RepositoryFixtures.FixtureSha256("linux-headers-6.1.0-56-amd64"), 1000L)],
            set.Packages.Take(1).Select(p => (p.Name, p.Version, p.Architecture, p.Sha256, p.Size)));
        Assert.Single(reported.Reports);
        Assert.Contains(result.Warnings, w => w.StartsWith("headers of debian 12 x86_64 6.1.0-56-rt-amd64", StringComparison.Ordinal) && w.Contains("gone", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.StartsWith("1 kernel(s) without a build string", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.StartsWith("1 ubuntu kernel(s) not kept", StringComparison.Ordinal));
    }

    private static CatalogKernel Kernel(string distro, string release, string? buildString) => new()
    {
        Distro = distro,
        DistroVersion = distro == "debian" ? "12" : "22.04",
        Arch = "x86_64",
        Release = release,
        Flavour = "amd64",
        Series = "6.1",
        Abi = "6.1.0-56",
        PackageVersion = "6.1.192-2",
        BuildString = buildString,
        Origin = "test",
        HeaderPackages =
        [
            Package($"linux-headers-{release}", "amd64"),
            Package("linux-headers-6.1.0-56-common", "all"),
        ],
    };

    private static CatalogPackage Package(string name, string architecture) =>
        new(name, "6.1.192-2", architecture, RepositoryFixtures.FixtureSha256(name), 1000);

    private sealed class RecordingKeeper(string distro, string failRelease) : IHeaderPackageKeeper
    {
        public List<HeaderPackageSet> Kept { get; } = [];

        public string Family => distro;

        public bool Serves(KernelTarget target) => target.DistroId == distro;

        public Task<KeptHeaders> KeepAsync(HeaderPackageSet packages, IProgress<HeaderFetchProgress>? progress, CancellationToken cancellationToken)
        {
            Kept.Add(packages);
            return packages.Target.KernelRelease == failRelease
                ? throw new HeadersUnavailableException(packages.Target, packages.Packages, "/cache", "the test archive", new HeaderSourceException("gone"))
                : Task.FromResult(new KeptHeaders(packages.Target, 2, 1, 2000));
        }
    }
}
