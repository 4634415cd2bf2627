using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Tests.Headers;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Tests.Compilation;

public sealed class ToolchainCheckTests
{
    private const string Gcc12Config = "CONFIG_CC_VERSION_TEXT=\"gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0\"\nCONFIG_DEBUG_INFO_BTF_MODULES=y\n";

    private static ToolchainCheck Check(string searchPath) => new(Options.Create(new KbuildCompilerOptions { SearchPath = searchPath }));

    [Fact]
    public void Require_NothingInstalled_NamesEveryProgramWithItsDebianPackage()
    {
        using var scratch = new ScratchDirectory("toolchain");
        var headers = FakeKernelHeaders.Create(scratch.Path, KernelMachine.X8664, Gcc12Config);

        var error = Assert.Throws<ToolchainMissingException>(() => Check(FakeKernelHeaders.FakeToolFolder(scratch.Path)).Require(headers));

        Assert.Equal([("make", "make"), ("gcc-12", "gcc-12"), ("ld", "binutils")], error.Missing.Select(t => (t.Program, t.DebianPackage)));
        Assert.Contains("gcc-12 (Debian package gcc-12", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Require_Arm64KernelOnAmd64Machine_NeedsCrossCompilerWithArchAndPrefix()
    {
        Assert.SkipUnless(ToolchainCheck.HostMachine == KernelMachine.X8664, "cross-building is checked from an x86_64 machine");
        using var scratch = new ScratchDirectory("toolchain");
        var headers = FakeKernelHeaders.Create(scratch.Path, KernelMachine.Aarch64, Gcc12Config);
        var tools = FakeKernelHeaders.FakeToolFolder(scratch.Path, "make", "aarch64-linux-gnu-gcc-12", "aarch64-linux-gnu-ld");

        var toolchain = Check(tools).Require(headers);

        Assert.Equal(("aarch64-linux-gnu-gcc-12", "aarch64-linux-gnu-", "arm64"), (toolchain.Compiler, toolchain.CrossCompilePrefix, toolchain.KernelArchitecture));
        Assert.Contains(toolchain.Required, t => t.DebianPackage == "gcc-12-aarch64-linux-gnu");
    }

    [Fact]
    public void Require_BtfModulesWithVmlinuxButNoPahole_NamesDwarves()
    {
        Assert.SkipUnless(ToolchainCheck.HostMachine == KernelMachine.X8664, "native build of an x86_64 kernel");
        using var scratch = new ScratchDirectory("toolchain");
        var headers = FakeKernelHeaders.Create(scratch.Path, KernelMachine.X8664, Gcc12Config, withVmlinux: true);

        var error = Assert.Throws<ToolchainMissingException>(() => Check(FakeKernelHeaders.FakeToolFolder(scratch.Path, "make", "gcc-12", "ld")).Require(headers));

        Assert.Equal([("pahole", "dwarves")], error.Missing.Select(t => (t.Program, t.DebianPackage)));
    }

    [Fact]
    public void Plan_TripletPrefixedCompilerInConfig_UsesBaseNameNatively()
    {
        Assert.SkipUnless(ToolchainCheck.HostMachine == KernelMachine.X8664, "native build of an x86_64 kernel");
        using var scratch = new ScratchDirectory("toolchain");
        var headers = FakeKernelHeaders.Create(scratch.Path, KernelMachine.X8664, "CONFIG_CC_VERSION_TEXT=\"x86_64-linux-gnu-gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0\"\n");

        var toolchain = Check("/nonexistent").Plan(headers);

        Assert.Equal(("gcc-12", null, null), (toolchain.Compiler, toolchain.CrossCompilePrefix, toolchain.KernelArchitecture));
    }
}
