using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Debian;

namespace KernelAgent.BuildFarm.Tests.Headers.Debian;

public sealed class DebianHeaderLayoutTests
{
    private static readonly KernelTarget _target = new("debian", "12", KernelMachine.X8664, "6.1.0-56-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-10-30)");
    private static readonly KernelTarget _ubuntu = new("ubuntu", "24.04", KernelMachine.X8664, "6.8.0-48-generic", "#48-Ubuntu SMP PREEMPT_DYNAMIC Fri Sep 27 14:04:52 UTC 2024");

    [Fact]
    public void Locate_DebianFlavourIncludingCommonMakefile_RunsCommonMakefileInsideRoot()
    {
        using var root = new ScratchDirectory("layout");
        var flavour = Path.Join(root.Path, "usr", "src", "linux-headers-6.1.0-56-amd64");
        var common = Path.Join(root.Path, "usr", "src", "linux-headers-6.1.0-56-common");
        Directory.CreateDirectory(flavour);
        Directory.CreateDirectory(common);
        File.WriteAllText(Path.Join(flavour, "Makefile"), "include /usr/src/linux-headers-6.1.0-56-common/Makefile\n");
        File.WriteAllText(Path.Join(common, "Makefile"), "# kbuild\n");
        File.WriteAllText(Path.Join(flavour, ".config"), "CONFIG_CC_VERSION_TEXT=\"gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0\"\nCONFIG_MODULES=y\n");

        var headers = DebianHeaderLayout.Locate(new HeaderPackageSet(_target, []), root.Path, 0);

        Assert.Equal(flavour, headers.BuildDirectory);
        Assert.Equal(Path.Join(common, "Makefile"), headers.MakefilePath);
        Assert.Equal("gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0", headers.ExpectedCompiler);
    }

    [Fact]
    public void Locate_UbuntuFlavourLinkingItsMakefileToTheCommonFolder_RunsItsOwnMakefile()
    {
        using var root = new ScratchDirectory("layout");
        var flavour = UbuntuFlavour(root.Path);
        Directory.CreateDirectory(Path.Join(root.Path, "usr", "src", "linux-headers-6.8.0-48"));
        File.WriteAllText(Path.Join(root.Path, "usr", "src", "linux-headers-6.8.0-48", "Makefile"), "# kbuild\n");
        File.CreateSymbolicLink(Path.Join(flavour, "Makefile"), "../linux-headers-6.8.0-48/Makefile");

        var headers = DebianHeaderLayout.Locate(new HeaderPackageSet(_ubuntu, []), root.Path, 0);

        Assert.Equal((flavour, null, "x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4) 13.2.0"), (headers.BuildDirectory, headers.MakefilePath, headers.ExpectedCompiler));
    }

    [Theory]
    [InlineData("../linux-headers-6.8.0-48/Makefile", "none of the header packages provides")]
    [InlineData("/usr/src/linux-headers-6.8.0-48/Makefile", "outside the private headers root")]
    [InlineData("../../../../Makefile", "outside the private headers root")]
    public void Locate_MakefileLinkLeadingNowhereInsideTheRoot_ThrowsNamingTheLink(string link, string problem)
    {
        using var root = new ScratchDirectory("layout");
        var flavour = UbuntuFlavour(root.Path);
        File.CreateSymbolicLink(Path.Join(flavour, "Makefile"), link);

        var error = Assert.Throws<HeaderSourceException>(() => DebianHeaderLayout.Locate(new HeaderPackageSet(_ubuntu, []), root.Path, 0));

        Assert.Contains($"links to '{link}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Locate_NoFlavourFolder_ThrowsNamingTheMissingConfig()
    {
        using var root = new ScratchDirectory("layout");

        var error = Assert.Throws<HeaderSourceException>(() => DebianHeaderLayout.Locate(new HeaderPackageSet(_target, []), root.Path, 0));

        Assert.Contains("linux-headers-6.1.0-56-amd64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadValue_QuotedAndUnsetOptions_ReadsAsKconfigWritesThem()
    {
        using var root = new ScratchDirectory("config");
        var config = Path.Join(root.Path, ".config");
        File.WriteAllText(config, "# CONFIG_X is not set\nCONFIG_DEBUG_INFO_BTF_MODULES=y\nCONFIG_LOCALVERSION=\"say \\\"hi\\\"\"\n");

        Assert.True(KernelConfig.IsEnabled(config, "CONFIG_DEBUG_INFO_BTF_MODULES"));
        Assert.False(KernelConfig.IsEnabled(config, "CONFIG_X"));
        Assert.Equal("say \"hi\"", KernelConfig.ReadValue(config, "CONFIG_LOCALVERSION"));
    }

    private static string UbuntuFlavour(string root)
    {
        var flavour = Path.Join(root, "usr", "src", "linux-headers-6.8.0-48-generic");
        Directory.CreateDirectory(flavour);
        File.WriteAllText(Path.Join(flavour, ".config"), "CONFIG_CC_VERSION_TEXT=\"x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4) 13.2.0\"\n");
        return flavour;
    }
}
