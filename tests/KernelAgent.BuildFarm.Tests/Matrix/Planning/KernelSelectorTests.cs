using KernelAgent.BuildFarm.Matrix.Planning;
using static KernelAgent.BuildFarm.Tests.Matrix.MatrixTestData;

namespace KernelAgent.BuildFarm.Tests.Matrix.Planning;

public sealed class KernelSelectorTests
{
    [Fact]
    public void Select_Window_KeepsTheNewestAbisOfEachSeriesAndArchWithAllTheirFlavours()
    {
        var kernels = new[]
        {
            Debian(53), Debian(54), Debian(55), Debian(55, "cloud-amd64"), Debian(56), Debian(56, "cloud-amd64"),
            Debian(52, "arm64"), Debian(53, "arm64"),
            Debian(110, series: "6.12"), Debian(117, series: "6.12"),
        };

        var selected = KernelSelector.Select(PolicyWith(newestAbis: 2, flavours: "\"amd64\", \"cloud-amd64\", \"arm64\""), kernels);

        Assert.Equal(
            ["6.1.0-55-amd64", "6.1.0-55-cloud-amd64", "6.1.0-56-amd64", "6.1.0-56-cloud-amd64", "6.1.0-52-arm64", "6.1.0-53-arm64", "6.12.0-110-amd64", "6.12.0-117-amd64"],
            selected.Select(k => k.Release));
    }

    [Fact]
    public void Select_VersionsOrderLikeDpkg_NotLikeText()
    {
        var nine = Debian(9) with { Abi = "6.1.0-9", Release = "6.1.0-9-amd64", PackageVersion = "6.1.9-1" };
        var ten = Debian(10) with { Abi = "6.1.0-10", Release = "6.1.0-10-amd64", PackageVersion = "6.1.10-1" };

        Assert.Equal("6.1.0-10-amd64", Assert.Single(KernelSelector.Select(PolicyWith(newestAbis: 1), [nine, ten])).Release);
    }

    [Fact]
    public void Select_KernelsOutsideEveryTarget_AreLeftOut()
    {
        var selected = KernelSelector.Select(PolicyWith(flavours: "\"amd64\"", arches: "\"x86_64\""), [Debian(56), Debian(56, "rt-amd64"), Debian(56, "arm64"), Debian(56) with { DistroVersion = "11" }]);

        Assert.Equal("6.1.0-56-amd64", Assert.Single(selected).Release);
    }
}
