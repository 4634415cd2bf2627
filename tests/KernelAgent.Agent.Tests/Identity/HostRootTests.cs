using KernelAgent.Agent.Identity;

namespace KernelAgent.Agent.Tests.Identity;

public sealed class HostRootTests
{
    [Theory]
    [InlineData("/", "etc/os-release", "/etc/os-release")]
    [InlineData("/host", "etc/os-release", "/host/etc/os-release")]
    [InlineData("/host/", "proc/sys/kernel/version", "/host/proc/sys/kernel/version")]
    [InlineData("/host//sub/../root", "boot", "/host/root/boot")]
    public void Display_RelativePath_JoinsUnderTheRoot(string root, string relative, string expected)
    {
        Assert.Equal(expected, new HostRoot(root).Display(relative));
    }

    [Fact]
    public void Resolve_SystemRoot_LeavesResolutionToTheKernel()
    {
        Assert.Equal("/etc/os-release", HostRoot.Default.Resolve("etc/os-release"));
        Assert.True(HostRoot.Default.IsSystemRoot);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/etc/os-release")]
    [InlineData("etc/../../secret")]
    public void Resolve_PathNotStrictlyRelative_IsRefused(string relative)
    {
        Assert.ThrowsAny<ArgumentException>(() => new HostRoot("/host").Resolve(relative));
    }

    [Fact]
    public void Constructor_RelativeRoot_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new HostRoot("host"));
    }

    [Fact]
    public void Resolve_AbsoluteLink_PointsIntoTheHostRoot()
    {
        using var host = FixtureHost.Empty()
            .Write("usr/src/linux-headers-6.1.0-56-amd64/Makefile", "x")
            .Link("lib/modules/6.1.0-56-amd64/build", "/usr/src/linux-headers-6.1.0-56-amd64");

        var resolved = host.Root.Resolve("lib/modules/6.1.0-56-amd64/build/Makefile");

        Assert.Equal(host.FullPath("usr/src/linux-headers-6.1.0-56-amd64/Makefile"), resolved);
    }

    [Fact]
    public void Resolve_RelativeLinksAndDirectoryLinks_AreFollowed()
    {
        using var host = FixtureHost.Empty()
            .Write("usr/lib/os-release", "ID=x\n")
            .Link("lib", "usr/lib")
            .Link("etc/os-release", "../lib/os-release");

        Assert.Equal(host.FullPath("usr/lib/os-release"), host.Root.Resolve("etc/os-release"));
    }

    [Fact]
    public void Resolve_LinkClimbingAboveTheRoot_StopsAtTheRoot()
    {
        using var host = FixtureHost.Empty()
            .Write("etc/real", "x")
            .Link("etc/escape", "../../../../etc/real");

        Assert.Equal(host.FullPath("etc/real"), host.Root.Resolve("etc/escape"));
    }

    [Fact]
    public void Resolve_MissingComponent_KeepsTheRestAsGiven()
    {
        using var host = FixtureHost.Empty().Link("etc/os-release", "/usr/lib/os-release");

        Assert.Equal(host.FullPath("usr/lib/os-release"), host.Root.Resolve("etc/os-release"));
        Assert.Equal(host.FullPath("no/such/file"), host.Root.Resolve("no/such/file"));
    }

    [Fact]
    public void Resolve_LinkLoop_FailsInsteadOfSpinning()
    {
        using var host = FixtureHost.Empty().Link("a", "b").Link("b", "a");

        var error = Assert.Throws<IOException>(() => host.Root.Resolve("a/file"));

        Assert.Contains("too many levels of symbolic links", error.Message, StringComparison.Ordinal);
    }
}
