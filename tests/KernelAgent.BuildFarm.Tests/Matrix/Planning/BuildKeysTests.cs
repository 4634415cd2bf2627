using KernelAgent.BuildFarm.Matrix.Planning;
using KernelAgent.Store.Variants;
using static KernelAgent.BuildFarm.Tests.Matrix.MatrixTestData;

namespace KernelAgent.BuildFarm.Tests.Matrix.Planning;

public sealed class BuildKeysTests
{
    [Theory]
    [InlineData("debian", "12", "x86_64", "6.1.0-56-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)", "kagent_sample", "1.0.0")]
    [InlineData("ubuntu", "22.04", "aarch64", "5.15.0-91-generic", "#101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023", "my-driver", "2.1.0+b1~rc")]
    [InlineData("rhel", "9.3", "x86_64", "5.14.0-362.8.1.el9_3.x86_64+rt", "#1 SMP PREEMPT_RT Fri Oct 6 12:31:08 EDT 2023 (~+:#)", "d", "1")]
    public void VariantKey_AnyVariant_EqualsTheStoresContentKey(string distro, string version, string arch, string release, string build, string driver, string driverVersion)
    {
        var kernel = new KernelIdentity(distro, version, arch, release, build);
        var driverIdentity = new DriverIdentity(driver, driverVersion);

        Assert.Equal(ArtifactVariant.Create(kernel, driverIdentity).ContentKey, BuildKeys.VariantKey(kernel, driverIdentity));
    }

    [Fact]
    public void Headers_SamePackagesInAnotherOrder_SameDigest()
    {
        var kernel = Debian(56);

        Assert.Equal(BuildKeys.Headers(kernel.HeaderPackages), BuildKeys.Headers([.. kernel.HeaderPackages.Reverse()]));
        Assert.NotEqual(BuildKeys.Headers(kernel.HeaderPackages), BuildKeys.Headers(Debian(56, kbuildVersion: "6.1.999-1").HeaderPackages));
    }

    [Fact]
    public void Build_AnyInputChanged_ChangesTheKey()
    {
        var variant = Sha256Of("variant");
        var inputs = new BuildInputs(Sha256Of("h"), Sha256Of("s"), Sha256Of("t"));
        var key = BuildKeys.Build(variant, inputs);

        Assert.Equal(key, BuildKeys.Build(variant, inputs with { }));
        Assert.NotEqual(key, BuildKeys.Build(Sha256Of("other"), inputs));
        Assert.NotEqual(key, BuildKeys.Build(variant, inputs with { Headers = Sha256Of("h2") }));
        Assert.NotEqual(key, BuildKeys.Build(variant, inputs with { DriverSource = Sha256Of("s2") }));
        Assert.NotEqual(key, BuildKeys.Build(variant, inputs with { Toolchain = Sha256Of("t2") }));
    }
}
