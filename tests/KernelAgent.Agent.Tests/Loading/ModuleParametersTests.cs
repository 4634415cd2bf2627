using KernelAgent.Agent.Loading;

namespace KernelAgent.Agent.Tests.Loading;

public sealed class ModuleParametersTests
{
    [Fact]
    public void Render_SeveralParameters_SpaceSeparatedInNameOrder()
    {
        var parameters = ModuleParameters.Parse(new Dictionary<string, string?> { ["mode"] = "xyz", ["debug"] = "1", ["ids"] = "1,2,3" });

        Assert.Equal("debug=1 ids=1,2,3 mode=xyz", parameters.Render());
    }

    [Fact]
    public void Render_ValueWithSpaces_IsQuotedForTheKernel()
    {
        var parameters = ModuleParameters.Parse(new Dictionary<string, string?> { ["label"] = "fast path" });

        Assert.Equal("label=\"fast path\"", parameters.Render());
    }

    [Fact]
    public void Render_NullValue_RendersBareNameAndEmptyValueRendersEquals()
    {
        var parameters = ModuleParameters.Parse(new Dictionary<string, string?> { ["verbose"] = null, ["tag"] = "" });

        Assert.Equal("tag= verbose", parameters.Render());
    }

    [Fact]
    public void Parse_NullOrEmpty_GivesEmptyString()
    {
        Assert.Equal(string.Empty, ModuleParameters.Parse(null).Render());
        Assert.Equal(string.Empty, ModuleParameters.Parse(new Dictionary<string, string?>()).Render());
        Assert.Same(ModuleParameters.Empty, ModuleParameters.Parse(null));
    }

    [Theory]
    [InlineData("Debug")]
    [InlineData("debug-level")]
    [InlineData("a.b")]
    [InlineData("a=b")]
    [InlineData("a b")]
    [InlineData("")]
    public void Parse_NameOutsideLowerCaseDigitsUnderscore_IsRefused(string name)
    {
        var error = Assert.Throws<ModuleParameterException>(() => ModuleParameters.Parse(new Dictionary<string, string?> { [name] = "1" }));

        Assert.Single(error.Problems);
        Assert.Contains("name", error.Problems[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\"b", "double quote")]
    [InlineData("\"quoted\"", "double quote")]
    [InlineData("line\nbreak", "U+000A")]
    [InlineData("tab\there", "U+0009")]
    [InlineData("bell\u0007", "U+0007")]
    [InlineData("del\u007f", "U+007F")]
    [InlineData("caf\u00e9", "U+00E9")]
    public void Parse_ValueWithQuoteControlOrNonAscii_IsRefusedWithTheCharacter(string value, string named)
    {
        var error = Assert.Throws<ModuleParameterException>(() => ModuleParameters.Parse(new Dictionary<string, string?> { ["p"] = value }));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains("module parameter 'p'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralBadEntries_ReportsEveryProblemAtOnce()
    {
        var problems = ModuleParameters.Validate(new Dictionary<string, string?>
        {
            ["Bad-Name"] = "1",
            ["ok"] = "fine",
            ["value"] = "x\ny",
            ["worse name"] = "\"",
        });

        Assert.Equal(4, problems.Count);
    }

    [Fact]
    public void Validate_GoodEntries_ReportsNothing()
    {
        Assert.Empty(ModuleParameters.Validate(new Dictionary<string, string?> { ["buffer_kb"] = "4096", ["path"] = "/var/lib/x=y" }));
    }
}
