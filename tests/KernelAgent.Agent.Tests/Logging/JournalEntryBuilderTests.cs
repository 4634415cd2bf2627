using KernelAgent.Journald;
using System.Text;
using KernelAgent.Agent.Logging;

namespace KernelAgent.Agent.Tests.Logging;

public sealed class JournalEntryBuilderTests
{
    [Fact]
    public void Add_SingleLineValue_WritesKeyEqualsValueLine()
    {
        var entry = new JournalEntryBuilder();

        entry.Add("MESSAGE", "module loaded");
        entry.Add("PRIORITY", "6");

        Assert.Equal("MESSAGE=module loaded\nPRIORITY=6\n", Encoding.UTF8.GetString(entry.Written.Span));
    }

    [Fact]
    public void Add_MultiLineValue_WritesBinarySafeFormWithLittleEndianLength()
    {
        var entry = new JournalEntryBuilder();

        entry.Add("MESSAGE", "a\nb");

        byte[] expected = [.. "MESSAGE\n"u8, 3, 0, 0, 0, 0, 0, 0, 0, .. "a\nb\n"u8];
        Assert.Equal(expected, entry.Written.ToArray());
    }

    [Fact]
    public void Add_NonAsciiValue_CountsUtf8Bytes()
    {
        var entry = new JournalEntryBuilder();

        entry.Add("DRIVER", "größe\nä");

        var fields = JournalEntryParser.Parse(entry.Written.Span);
        Assert.Equal("größe\nä", JournalEntryParser.Single(fields, "DRIVER"));
    }

    [Fact]
    public void Clear_AfterHugeEntry_StartsEmpty()
    {
        var entry = new JournalEntryBuilder();
        entry.Add("MESSAGE", new string('x', 1024 * 1024));

        entry.Clear();
        entry.Add("MESSAGE", "small");

        Assert.Equal("MESSAGE=small\n", Encoding.UTF8.GetString(entry.Written.Span));
    }
}
