using System.Diagnostics;
using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Debian;

namespace KernelAgent.BuildFarm.Tests.Headers.Debian;

/// <summary>Extraction of real .deb files (built here with dpkg-deb) with and without the kbuild path filter.</summary>
[Trait("Category", "Integration")]
public sealed class DebPackageExtractorTests : IDisposable
{
    private const string Common = "usr/src/linux-headers-6.1.0-99-common";
    private const string Flavour = "usr/src/linux-headers-6.1.0-99-amd64";

    private static readonly string[] Files =
    [
        $"{Common}/Makefile", $"{Common}/include/linux/module.h", $"{Common}/arch/x86/Makefile", $"{Common}/arch/arm64/Makefile",
        $"{Common}/arch/mips/Makefile", $"{Common}/arch/Kconfig", $"{Common}/tools/arch/x86/include/asm/insn.h",
        $"{Flavour}/.config", $"{Flavour}/include/config/auto.conf", $"{Flavour}/include/config/kernel.release",
        $"{Flavour}/include/config/MODULES", $"{Flavour}/include/config/64BIT",
    ];

    private readonly ScratchDirectory _scratch = new("deb-extract");
    private readonly DebPackageExtractor _extractor = new(new ProcessRunner(TimeProvider.System), TimeSpan.FromMinutes(2));

    public DebPackageExtractorTests() =>
        IntegrationRequirement.Require(File.Exists("/usr/bin/dpkg-deb") && File.Exists("/usr/bin/tar"), "dpkg-deb (Debian package dpkg) and tar build and extract the test packages");

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task ExtractAsync_KbuildExclusionsForX8664_LeavesOutOptionStampsAndOtherArchitectures()
    {
        var root = Path.Join(_scratch.Path, "root");

        await _extractor.ExtractAsync([BuildDeb()], root, "manifest", KbuildPathFilter.Exclusions(Target(KernelMachine.X8664)), TestContext.Current.CancellationToken);

        string[] kept =
        [
            $"{Common}/Makefile", $"{Common}/arch/Kconfig", $"{Common}/arch/x86/Makefile", $"{Common}/include/linux/module.h",
            $"{Common}/tools/arch/x86/include/asm/insn.h", $"{Flavour}/.config", $"{Flavour}/include/config/auto.conf",
            $"{Flavour}/include/config/kernel.release", ExtractedHeaders.ManifestName,
        ];
        Assert.Equal([.. kept.Order(StringComparer.Ordinal)], ExtractedFiles(root));
    }

    [Fact]
    public async Task ExtractAsync_KbuildExclusionsForAarch64_KeepsArm64AndLeavesOutX86()
    {
        var root = Path.Join(_scratch.Path, "root");

        await _extractor.ExtractAsync([BuildDeb()], root, "manifest", KbuildPathFilter.Exclusions(Target(KernelMachine.Aarch64)), TestContext.Current.CancellationToken);

        var files = ExtractedFiles(root);
        Assert.Contains($"{Common}/arch/arm64/Makefile", files);
        Assert.DoesNotContain($"{Common}/arch/x86/Makefile", files);
        Assert.DoesNotContain($"{Common}/arch/mips/Makefile", files);
    }

    [Fact]
    public async Task ExtractAsync_NoExclusions_ExtractsEveryFile()
    {
        var root = Path.Join(_scratch.Path, "root");

        await _extractor.ExtractAsync([BuildDeb()], root, "manifest", [], TestContext.Current.CancellationToken);

        Assert.Equal([.. Files.Append(ExtractedHeaders.ManifestName).Order(StringComparer.Ordinal)], ExtractedFiles(root));
    }

    [Fact]
    public async Task ExtractAsync_FileIsNoPackage_ThrowsNamingDpkgDebAndLeavesNoRoot()
    {
        var root = Path.Join(_scratch.Path, "root");
        var broken = Path.Join(_scratch.Path, "broken.deb");
        await File.WriteAllTextAsync(broken, "not an ar archive", TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<HeaderSourceException>(() =>
            _extractor.ExtractAsync([broken], root, "manifest", KbuildPathFilter.Exclusions(Target(KernelMachine.X8664)), TestContext.Current.CancellationToken));

        Assert.Contains("dpkg-deb", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(root));
        Assert.Equal(["broken.deb"], Directory.EnumerateFileSystemEntries(_scratch.Path).Select(Path.GetFileName));
    }

    private static KernelTarget Target(string machine) =>
        new("debian", "12", machine, "6.1.0-99-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.999-1 (2026-12-01)");

    private static string[] ExtractedFiles(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal)];

    private string BuildDeb()
    {
        var tree = Path.Join(_scratch.Path, "tree");
        foreach (var file in Files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Join(tree, file))!);
            File.WriteAllText(Path.Join(tree, file), file);
        }

        Directory.CreateDirectory(Path.Join(tree, "DEBIAN"));
        File.WriteAllText(Path.Join(tree, "DEBIAN", "control"),
            "Package: linux-headers-test\nVersion: 1\nArchitecture: all\nMaintainer: KernelAgent tests <tests@localhost>\nDescription: test headers\n");
        var deb = Path.Join(_scratch.Path, "test.deb");
        var start = new ProcessStartInfo("dpkg-deb") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["--root-owner-group", "-Zxz", "--build", tree, deb])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"dpkg-deb --build failed: {errors.Result}");
        Directory.Delete(tree, recursive: true);
        return deb;
    }
}
