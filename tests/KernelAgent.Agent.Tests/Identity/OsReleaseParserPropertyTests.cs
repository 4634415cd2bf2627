using System.Text;
using CsCheck;
using KernelAgent.Agent.Identity;
using KernelAgent.Store.Tests.TestSupport;

namespace KernelAgent.Agent.Tests.Identity;

/// <summary>os-release(5) files written as a shell would read them round-trip; any other text is refused, never thrown at.</summary>
public sealed class OsReleaseParserPropertyTests
{
    private static readonly Gen<string> Key =
        Gen.Select(Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZ_"], Gen.String[Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"], 0, 12], (first, rest) => first + rest);

    // Printable ASCII and a tab: what os-release(5) values hold; quotes, backslashes, '$' and '`' are escaped when written.
    private static readonly Gen<string> Value = Gen.String[Gen.Char[' ', '~'] , 0, 30];

    [Fact]
    public void Parse_DoubleQuotedAssignments_RoundTripEveryValue() =>
        PropertyCases.Run(Gen.Dictionary(Key, Value)[0, 8], PropertyCases.PerParser, "os-release round trips", fields =>
        {
            var text = new StringBuilder("# written by the property test\n");
            foreach (var (key, value) in fields)
            {
                text.Append(key).Append("=\"").Append(Escape(value)).Append("\"\n");
            }

            var parsed = OsReleaseParser.Parse(text.ToString(), "/etc/os-release");

            Assert.Equal(fields.OrderBy(f => f.Key, StringComparer.Ordinal), parsed.Fields.OrderBy(f => f.Key, StringComparer.Ordinal));
        });

    [Fact]
    public void Parse_RandomText_ReturnsOrRefusesWithIdentityException()
    {
        var chars = Gen.Char["AIDV_=\"'\\$`# \t\r\n0123456789.-\u00e9\u0000\u007f"];
        PropertyCases.Run(Gen.String[chars, 0, 120], PropertyCases.PerParser, "random os-release texts", text =>
        {
            try
            {
                var parsed = OsReleaseParser.Parse(text, "/etc/os-release");
                Assert.All(parsed.Fields.Values, v => Assert.DoesNotContain('\n', v));
            }
            catch (IdentityException e)
            {
                Assert.Contains("/etc/os-release", e.Message, StringComparison.Ordinal);
            }
        });
    }

    private static string Escape(string value)
    {
        var escaped = new StringBuilder();
        foreach (var c in value)
        {
            if (c is '"' or '\\' or '$' or '`')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
