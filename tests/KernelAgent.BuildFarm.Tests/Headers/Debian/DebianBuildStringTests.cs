using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Debian;

namespace KernelAgent.BuildFarm.Tests.Headers.Debian;

public sealed class DebianBuildStringTests
{
    [Theory]
    [InlineData("6.1.0-56-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-10-30)", "6.1.192-2")]
    [InlineData("6.1.0-56-rt-amd64", "#1 SMP PREEMPT_RT Debian 6.1.192-2 (2026-10-30)", "6.1.192-2")]
    [InlineData("6.1.0-56-arm64", "#1 SMP Debian 6.1.192-2 (2026-10-30)", "6.1.192-2")]
    [InlineData("6.12.113+deb12-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.12.113-1~deb12u1 (2025-10-18)", "6.12.113-1~deb12u1")]
    [InlineData("5.10.0-30-amd64", "#1 SMP Debian 5.10.218-1 (2024-06-01)", "5.10.218-1")]
    public void ParsePackageVersion_DebianBuildString_ReturnsExactVersion(string release, string build, string expected)
    {
        var target = new KernelTarget("debian", "12", KernelMachine.X8664, release, build);

        Assert.Equal(expected, DebianBuildString.ParsePackageVersion(target));
    }

    [Theory]
    [InlineData("#1 SMP PREEMPT_DYNAMIC Tue Nov 14 13:30:08 UTC 2023")]
    [InlineData("#101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023")]
    [InlineData("#1 SMP Debian")]
    [InlineData("")]
    public void ParsePackageVersion_NoDebianVersion_ThrowsNamingKernelBuild(string build)
    {
        var target = new KernelTarget("debian", "12", KernelMachine.X8664, "6.1.0-56-amd64", build);

        var error = Assert.Throws<InvalidKernelTargetException>(() => DebianBuildString.ParsePackageVersion(target));

        Assert.Equal(nameof(KernelTarget.KernelBuild), error.Field);
    }

    [Fact]
    public void ParsePackageVersion_VersionOfAnotherSeries_IsRefused()
    {
        var target = new KernelTarget("debian", "12", KernelMachine.X8664, "6.1.0-56-amd64", "#1 SMP Debian 6.12.113-1~deb12u1 (2025-10-18)");

        var error = Assert.Throws<InvalidKernelTargetException>(() => DebianBuildString.ParsePackageVersion(target));

        Assert.Contains("does not belong to kernel release", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("6.1.0-56-amd64", true)]
    [InlineData("6.12.113+deb12-cloud-arm64", true)]
    [InlineData("6.1.0-56-amd64 ", false)]
    [InlineData("../../etc", false)]
    [InlineData("linux", false)]
    public void ValidateRelease_Release_AcceptsOnlyPackageNameSafeReleases(string release, bool valid)
    {
        var target = new KernelTarget("debian", "12", KernelMachine.X8664, release, "#1 SMP Debian 6.1.192-2 (2026-10-30)");

        var error = Record.Exception(() => DebianBuildString.ValidateRelease(target));

        Assert.Equal(valid, error is null);
    }
}
