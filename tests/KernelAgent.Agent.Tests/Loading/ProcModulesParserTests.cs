using KernelAgent.Agent.Loading;

namespace KernelAgent.Agent.Tests.Loading;

public sealed class ProcModulesParserTests
{
    [Fact]
    public void Parse_RealContent_ReadsEveryLine()
    {
        var modules = ProcModulesParser.Parse(ProcModulesFixture.Text);

        Assert.Equal(13, modules.Count);
        Assert.Equal("kagent_sample", modules[0].Name);
        Assert.Equal("xor", modules[^1].Name);
    }

    [Fact]
    public void ParseLine_OutOfTreeUnsignedModule_HasSizeCountStateAndTaint()
    {
        var module = ProcModulesParser.ParseLine("kagent_sample 16384 0 - Live 0x0000000000000000 (OE)");

        Assert.NotNull(module);
        Assert.Equal(16384, module.SizeBytes);
        Assert.Equal(0, module.ReferenceCount);
        Assert.Empty(module.UsedBy);
        Assert.Equal(ModuleState.Live, module.State);
        Assert.Equal("OE", module.Taint);
        Assert.Null(module.SrcVersion);
    }

    [Fact]
    public void ParseLine_ModuleWithUsers_ListsThem()
    {
        var module = ProcModulesParser.ParseLine("nf_nat 57344 2 nft_chain_nat,xt_MASQUERADE, Live 0x0000000000000000");

        Assert.NotNull(module);
        Assert.Equal(["nft_chain_nat", "xt_MASQUERADE"], module.UsedBy);
        Assert.Equal(2, module.ReferenceCount);
        Assert.Null(module.Taint);
    }

    [Theory]
    [InlineData("loop 32768 0 - Loading 0xffffffffc0a20000", ModuleState.Loading)]
    [InlineData("xor 24576 1 [permanent], Unloading 0x0000000000000000", ModuleState.Unloading)]
    public void ParseLine_States_AreRecognised(string line, ModuleState state)
    {
        Assert.Equal(state, ProcModulesParser.ParseLine(line)?.State);
    }

    [Fact]
    public void ParseLine_KernelWithoutModuleUnload_HasNoReferenceCount()
    {
        // Without CONFIG_MODULE_UNLOAD, print_unload_info() writes " - -".
        var module = ProcModulesParser.ParseLine("kagent_sample 16384 - - Live 0x0000000000000000");

        Assert.NotNull(module);
        Assert.Null(module.ReferenceCount);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("name notanumber 0 - Live 0x0")]
    [InlineData("name 16384 0 - Sleeping 0x0")]
    public void ParseLine_MalformedLine_IsSkipped(string line)
    {
        Assert.Null(ProcModulesParser.ParseLine(line));
    }
}
