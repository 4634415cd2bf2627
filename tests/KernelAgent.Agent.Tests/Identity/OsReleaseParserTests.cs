using KernelAgent.Agent.Identity;

namespace KernelAgent.Agent.Tests.Identity;

public sealed class OsReleaseParserTests
{
    private const string Source = "/host/etc/os-release";

    [Theory]
    [InlineData("ID=debian", "debian")]
    [InlineData("ID=\"rhel\"", "rhel")]
    [InlineData("ID='rocky'", "rocky")]
    [InlineData("ID=", "")]
    [InlineData("ID=\"\"", "")]
    [InlineData("ID=''", "")]
    [InlineData("ID=platform:el9", "platform:el9")]
    [InlineData("ID=https://flatcar.org/", "https://flatcar.org/")]
    [InlineData("ID=\"a \\\"quoted\\\" word\"", "a \"quoted\" word")]
    [InlineData("ID=\"back\\\\slash\"", "back\\slash")]
    [InlineData("ID=\"\\$HOME and \\`cmd\\`\"", "$HOME and `cmd`")]
    [InlineData("ID=\"kept \\n and \\x\"", "kept \\n and \\x")]
    [InlineData("ID='single $HOME \\ \"x\"'", "single $HOME \\ \"x\"")]
    [InlineData("ID=unquoted\\ space\\$", "unquoted space$")]
    [InlineData("ID=\"tab\tinside\"", "tab\tinside")]
    [InlineData("ID=\"0;38;2;60;110;180\"", "0;38;2;60;110;180")]
    [InlineData("ID=\"Debian GNU/Linux trixie/sid\"   ", "Debian GNU/Linux trixie/sid")]
    [InlineData("  ID=indented", "indented")]
    [InlineData("ID=\"ünïcode ✓\"", "ünïcode ✓")]
    public void Parse_ShellStyleValue_YieldsWhatAShellWouldAssign(string line, string expected)
    {
        var osRelease = OsReleaseParser.Parse(line + "\n", Source);

        Assert.Equal(expected, osRelease.Id);
    }

    [Fact]
    public void Parse_CommentsAndBlankLines_AreIgnored()
    {
        var osRelease = OsReleaseParser.Parse("# vendor file\n\n   \n\t# indented comment\nID=fedora\n\nVERSION_ID=40", Source);

        Assert.Equal(2, osRelease.Fields.Count);
        Assert.Equal(("fedora", "40"), (osRelease.Id, osRelease.VersionId));
        Assert.Equal(Source, osRelease.SourcePath);
    }

    [Fact]
    public void Parse_RepeatedKey_TakesTheLastAndReportsIt()
    {
        var osRelease = OsReleaseParser.Parse("VERSION_ID=11\nID=debian\nVERSION_ID=12\n", Source);

        Assert.Equal("12", osRelease.VersionId);
        Assert.Equal(["VERSION_ID"], osRelease.RepeatedKeys);
    }

    [Fact]
    public void Parse_RealFedoraFile_ReadsEveryField()
    {
        var text = File.ReadAllText(Path.Join(AppContext.BaseDirectory, "Identity", "Fixtures", "fedora-40", "etc", "os-release"));

        var osRelease = OsReleaseParser.Parse(text, Source);

        Assert.Equal(19, osRelease.Fields.Count);
        Assert.Equal(string.Empty, osRelease.VersionCodename);
        Assert.Equal("Fedora Linux 40 (Workstation Edition)", osRelease.PrettyName);
        Assert.Equal("fedora-logo-icon", osRelease.Get("LOGO"));
        Assert.Null(osRelease.Get("VARIANT_ID"));
    }

    [Theory]
    [InlineData("ID", null, "line 2: expected KEY=VALUE")]
    [InlineData("=debian", null, "line 2: expected KEY=VALUE")]
    [InlineData("9ID=debian", null, "line 2: '9ID' is not a shell variable name")]
    [InlineData("export ID=debian", null, "line 2: 'export ID' is not a shell variable name")]
    [InlineData("ID=\"debian", "ID", "line 2: the double quote is not closed on this line (values spanning lines are not supported)")]
    [InlineData("ID='debian", "ID", "line 2: the single quote is not closed on this line (values spanning lines are not supported)")]
    [InlineData("ID=\"deb\\", "ID", "line 2: the line ends in a backslash (values spanning lines are not supported)")]
    [InlineData("ID=debian\\", "ID", "line 2: the line ends in a backslash (values spanning lines are not supported)")]
    [InlineData("ID=Debian GNU", "ID", "line 2: unquoted value contains a space or a shell special character at 'GNU'; such values must be quoted")]
    [InlineData("ID=a;b", "ID", "line 2: unquoted value contains a space or a shell special character at ';b'; such values must be quoted")]
    [InlineData("ID=$OTHER", "ID", "line 2: unquoted value contains a space or a shell special character at '$OTHER'; such values must be quoted")]
    [InlineData("ID=deb\"ian\"", "ID", "line 2: unquoted value contains a space or a shell special character at '\"ian\"'; such values must be quoted")]
    [InlineData("ID=\"deb\"'ian'", "ID", "line 2: text follows the closing quote (os-release(5) does not support concatenating quoted strings)")]
    [InlineData("ID=\"cost $5\"", "ID", "line 2: unescaped '$' inside double quotes (a shell would expand it; os-release(5) requires \\$)")]
    [InlineData("ID=\"`id`\"", "ID", "line 2: unescaped '`' inside double quotes (a shell would expand it; os-release(5) requires \\`)")]
    [InlineData("ID=debian\r", "ID", "line 2: the line ends in a carriage return (DOS line endings are not os-release(5) format)")]
    [InlineData("ID=\"debian\"\r", "ID", "line 2: the line ends in a carriage return (DOS line endings are not os-release(5) format)")]
    [InlineData("ID=\"bell\a\"", "ID", "line 2: the value contains the control character U+0007")]
    public void Parse_MalformedLine_FailsNamingFileLineAndField(string line, string? field, string problem)
    {
        var error = Assert.Throws<IdentityException>(() => OsReleaseParser.Parse("NAME=Linux\n" + line + "\n", Source));

        Assert.Equal(new IdentityProblem(Source, field, problem), Assert.Single(error.Problems));
    }
}
