using System.Text;
using KernelAgent.Store.Attestations;

namespace KernelAgent.Store.Tests.Attestations;

public sealed class DssePaeTests
{
    /// <summary>The worked example of the DSSE specification (protocol.md, "Test vectors").</summary>
    [Fact]
    public void Encode_SpecExample_MatchesSpecBytes()
    {
        var pae = DssePae.Encode("http://example.com/HelloWorld", "hello world"u8);

        Assert.Equal("DSSEv1 29 http://example.com/HelloWorld 11 hello world", Encoding.ASCII.GetString(pae));
    }

    [Fact]
    public void Encode_LengthsCountBytesNotCharacters()
    {
        var pae = DssePae.Encode("t", Encoding.UTF8.GetBytes("é"));

        Assert.Equal("DSSEv1 1 t 2 é", Encoding.UTF8.GetString(pae));
    }

    [Fact]
    public void Encode_EmptyPayload_KeepsTrailingSpace()
    {
        Assert.Equal("DSSEv1 1 t 0 ", Encoding.ASCII.GetString(DssePae.Encode("t", [])));
    }
}
