using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Debian;

namespace KernelAgent.BuildFarm.Tests.Headers.Debian;

public sealed class DebianHeaderSelectionTests
{
    private static readonly KernelTarget _target = new("debian", "12", KernelMachine.X8664, "6.1.0-55-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-1 (2026-10-01)");

    private static DebianControlStanza Stanza(string package, string version, string? depends = null, string architecture = "amd64") =>
        DebianControlStanza.ParseAll($"""
            Package: {package}
            Version: {version}
            Architecture: {architecture}
            {(depends is null ? "" : $"Depends: {depends}")}
            Size: 100
            SHA256: {new string('a', 64)}
            """)[0];

    [Fact]
    public void HeaderDependencies_Debian61Flavour_KeepsCommonAndKbuildOnly()
    {
        var flavour = Stanza("linux-headers-6.1.0-55-amd64", "6.1.192-1", "linux-headers-6.1.0-55-common (= 6.1.192-1), linux-kbuild-6.1 (>= 6.1.192-1), linux-compiler-gcc-12-x86");

        Assert.Equal(["linux-headers-6.1.0-55-common", "linux-kbuild-6.1"], DebianHeaderSelection.HeaderDependencies(flavour).Select(d => d.Name));
    }

    [Fact]
    public void HeaderDependencies_Debian612Flavour_KeepsPerReleaseKbuildButNotImage()
    {
        var flavour = Stanza(
            "linux-headers-6.12.113+deb12-amd64",
            "6.12.113-1~deb12u1",
            "linux-base (>= 4.12~), linux-headers-6.12.113+deb12-common (= 6.12.113-1~deb12u1), linux-image-6.12.113+deb12-amd64 (= 6.12.113-1~deb12u1) | linux-image-6.12.113+deb12-amd64-unsigned (= 6.12.113-1~deb12u1), linux-kbuild-6.12.113+deb12, gcc-12");

        Assert.Equal(["linux-headers-6.12.113+deb12-common", "linux-kbuild-6.12.113+deb12"], DebianHeaderSelection.HeaderDependencies(flavour).Select(d => d.Name));
    }

    [Fact]
    public void ChooseExact_OnlyOtherVersionsOffered_ThrowsNamingPackageAndVersion()
    {
        var offered = new[] { Stanza("linux-headers-6.1.0-55-amd64", "6.1.192-2") };

        var error = Assert.Throws<HeadersUnavailableException>(
            () => DebianHeaderSelection.ChooseExact(_target, "linux-headers-6.1.0-55-amd64", "6.1.192-1", offered, "the test archive"));

        Assert.Equal(("linux-headers-6.1.0-55-amd64", "6.1.192-1"), (error.Package, error.Version));
        Assert.Contains("the test archive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChooseDependency_EqualsRelation_TakesExactlyThatVersion()
    {
        var dependency = new DebianDependency("linux-headers-6.1.0-55-common", "=", "6.1.192-1");
        var offered = new[] { Stanza(dependency.Name, "6.1.192-2", architecture: "all"), Stanza(dependency.Name, "6.1.192-1", architecture: "all") };

        var chosen = DebianHeaderSelection.ChooseDependency(_target, dependency, "6.1.192-1", offered, "archive");

        Assert.Equal("6.1.192-1", chosen["Version"]);
    }

    [Fact]
    public void ChooseDependency_SharedKbuildWhoseBuildVersionVanished_TakesNewestSatisfying()
    {
        var dependency = new DebianDependency("linux-kbuild-6.1", ">=", "6.1.192-1");
        var offered = new[] { Stanza("linux-kbuild-6.1", "6.1.176-1"), Stanza("linux-kbuild-6.1", "6.1.192-2"), Stanza("linux-kbuild-6.1", "6.1.192-3") };

        var chosen = DebianHeaderSelection.ChooseDependency(_target, dependency, "6.1.192-1", offered, "archive");

        Assert.Equal("6.1.192-3", chosen["Version"]);
    }

    [Fact]
    public void ChooseDependency_SharedKbuildAtBuildVersionStillOffered_PrefersBuildVersion()
    {
        var dependency = new DebianDependency("linux-kbuild-6.1", ">=", "6.1.192-1");
        var offered = new[] { Stanza("linux-kbuild-6.1", "6.1.192-1"), Stanza("linux-kbuild-6.1", "6.1.192-2") };

        var chosen = DebianHeaderSelection.ChooseDependency(_target, dependency, "6.1.192-1", offered, "archive");

        Assert.Equal("6.1.192-1", chosen["Version"]);
    }

    [Fact]
    public void ChooseDependency_UnversionedPerReleaseKbuild_RequiresBuildVersion()
    {
        var dependency = new DebianDependency("linux-kbuild-6.12.113+deb12", null, null);
        var offered = new[] { Stanza(dependency.Name, "6.12.113-1~deb12u2") };

        var error = Assert.Throws<HeadersUnavailableException>(
            () => DebianHeaderSelection.ChooseDependency(_target, dependency, "6.12.113-1~deb12u1", offered, "archive"));

        Assert.Equal("6.12.113-1~deb12u1", error.Version);
    }

    [Fact]
    public void ChooseDependency_NothingSatisfiesMinimum_ThrowsNamingRelation()
    {
        var dependency = new DebianDependency("linux-kbuild-6.1", ">=", "6.1.192-1");

        var error = Assert.Throws<HeadersUnavailableException>(
            () => DebianHeaderSelection.ChooseDependency(_target, dependency, "6.1.192-1", [Stanza("linux-kbuild-6.1", "6.1.176-1")], "archive"));

        Assert.Equal((">= 6.1.192-1", "linux-kbuild-6.1"), (error.Version, error.Package));
    }
}
