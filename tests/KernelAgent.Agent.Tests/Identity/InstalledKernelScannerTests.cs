using System.IO.Compression;
using System.Text;
using KernelAgent.Agent.Identity;

namespace KernelAgent.Agent.Tests.Identity;

public sealed class InstalledKernelScannerTests
{
    private const string Running = "6.1.0-54-amd64";

    [Fact]
    public void Scan_DebianHost_ListsEveryInstalledKernelButTheRunningOne()
    {
        using var host = DebianHost();

        var kernels = new InstalledKernelScanner(host.Root).Scan(Running);

        Assert.Equal(["6.1.0-56-amd64", "6.1.0-56-cloud-amd64", "6.12.113+deb12-amd64"], kernels.Select(k => k.Release));
    }

    [Fact]
    public void Scan_KernelWithHeadersAndDpkgRecord_RecordsTheExactBuildStringAndPackageVersion()
    {
        using var host = DebianHost();

        var kernel = new InstalledKernelScanner(host.Root).Scan(Running).Single(k => k.Release == "6.1.0-56-amd64");

        Assert.Equal(
            new InstalledKernel(
                "6.1.0-56-amd64",
                "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)",
                host.Root.Display("lib/modules/6.1.0-56-amd64/build/include/generated/utsversion.h"),
                "6.1.192-2",
                $"{host.Root.Display("var/lib/dpkg/status")} (Package: linux-image-6.1.0-56-amd64)",
                HasModules: true,
                HasHeaders: true,
                HasKernelImage: true),
            kernel);
    }

    [Fact]
    public void Scan_KernelWithoutDpkgRecord_FallsBackToTheKernelsOwnChangelog()
    {
        using var host = DebianHost();

        var kernel = new InstalledKernelScanner(host.Root).Scan(Running).Single(k => k.Release == "6.1.0-56-cloud-amd64");

        Assert.Equal("6.1.192-2", kernel.DebianPackageVersion);
        Assert.Equal(host.Root.Display("usr/share/doc/linux-image-6.1.0-56-cloud-amd64-unsigned/changelog.Debian.gz"), kernel.DebianPackageVersionSource);
        Assert.Null(kernel.BuildString);
        Assert.Equal((false, false, true), (kernel.HasModules, kernel.HasHeaders, kernel.HasKernelImage));
    }

    [Fact]
    public void Scan_RemovedPackageAndSignedChangelog_LeaveTheVersionUnknown()
    {
        using var host = DebianHost();

        var kernel = new InstalledKernelScanner(host.Root).Scan(Running).Single(k => k.Release == "6.12.113+deb12-amd64");

        Assert.Null(kernel.DebianPackageVersion);
        Assert.Null(kernel.DebianPackageVersionSource);
    }

    [Fact]
    public void Scan_RhelHeadersBeforeLinux6_ReadTheBuildStringFromCompileH()
    {
        const string release = "5.14.0-427.13.1.el9_4.x86_64";
        using var host = FixtureHost.Empty()
            .Write($"usr/src/kernels/{release}/include/generated/compile.h", "#define UTS_MACHINE \"x86_64\"\n#define UTS_VERSION \"#1 SMP PREEMPT_DYNAMIC Wed Apr 10 10:29:16 EDT 2024\"\n")
            .Link($"lib/modules/{release}/build", $"/usr/src/kernels/{release}")
            .Write($"boot/vmlinuz-{release}", string.Empty);

        var kernel = Assert.Single(new InstalledKernelScanner(host.Root).Scan("5.14.0-503.35.1.el9_5.x86_64"));

        Assert.Equal("#1 SMP PREEMPT_DYNAMIC Wed Apr 10 10:29:16 EDT 2024", kernel.BuildString);
        Assert.Null(kernel.DebianPackageVersion);
    }

    [Fact]
    public void Scan_EmptyHostRoot_FindsNothing()
    {
        using var host = FixtureHost.Empty();

        Assert.Empty(new InstalledKernelScanner(host.Root).Scan(Running));
    }

    /// <summary>
    /// The debian-12-installed fixture plus what git cannot carry: the headers' absolute build link and
    /// gzip changelogs. The cloud kernel's unsigned package changelog is written by the kernel's own
    /// source package; the 6.12 one by linux-signed, whose version differs from the image's.
    /// </summary>
    private static FixtureHost DebianHost()
    {
        var host = FixtureHost.From("debian-12-installed")
            .Link("lib/modules/6.1.0-56-amd64/build", "/usr/src/linux-headers-6.1.0-56-amd64");
        WriteChangelog(host, "linux-image-6.1.0-56-cloud-amd64-unsigned", "linux (6.1.192-2) bookworm-security; urgency=high");
        WriteChangelog(host, "linux-image-6.12.113+deb12-amd64", "linux-signed-6.12-amd64 (6.12.113+1~deb12u1) bookworm-security; urgency=high");
        return host;
    }

    private static void WriteChangelog(FixtureHost host, string package, string firstLine)
    {
        var path = host.FullPath($"usr/share/doc/{package}/changelog.Debian.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(firstLine + "\n\n  * Rebuild.\n"));
    }
}
