using CsCheck;
using KernelAgent.Store.Tests.TestSupport;
using KernelAgent.Store.Variants;

namespace KernelAgent.Store.Tests.Variants;

/// <summary>
/// The canonical form and its parser: every valid variant prints and parses back to itself, and any other text is
/// refused with <see cref="VariantValidationException"/>; a parse that succeeds is always of exactly its canonical form.
/// </summary>
public sealed class ArtifactVariantPropertyTests
{
    private static readonly Gen<string> Segment = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-+~"], 1, 40]
        .Where(s => s is not ("." or ".."));

    private static readonly Gen<string> DistroId = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789._-"], 1, 20]
        .Where(s => s is not ("." or ".."));

    private static readonly Gen<string> BuildString = Gen.String[Gen.Char[' ', '~'], 1, 80]
        .Where(s => s[0] != ' ' && s[^1] != ' ' && s is not ("." or ".."));

    private static readonly Gen<ArtifactVariant> Valid =
        from distro in DistroId
        from version in Segment
        from arch in Gen.Bool.Select(b => b ? "x86_64" : "aarch64")
        from release in Segment
        from build in BuildString
        from driver in Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789_-"], 1, 30]
        from driverVersion in Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-+~"], 1, 20].Where(s => s is not ("." or ".."))
        select ArtifactVariant.Create(new KernelIdentity(distro, version, arch, release, build), new DriverIdentity(driver, driverVersion));

    [Fact]
    public void Parse_CanonicalFormOfAValidVariant_GivesTheSameVariant() =>
        PropertyCases.Run(Valid, PropertyCases.PerParser, "variant round trips", variant =>
        {
            var parsed = ArtifactVariant.Parse(variant.CanonicalForm);

            Assert.Equal(variant.CanonicalForm, parsed.CanonicalForm);
            Assert.Equal(variant.ContentKey, parsed.ContentKey);
            Assert.Empty(variant.DifferingFields(parsed));
        });

    [Fact]
    public void Parse_MutatedCanonicalForm_RefusesOrYieldsExactlyThatText() =>
        PropertyCases.Run(Gen.Select(Valid, Gen.Int), PropertyCases.PerParser, "mutated canonical forms", c =>
        {
            var bytes = Mutations.Bytes(System.Text.Encoding.UTF8.GetBytes(c.Item1.CanonicalForm), new Random(c.Item2));
            ParsesExactlyOrRefuses(System.Text.Encoding.UTF8.GetString(bytes));
        });

    [Fact]
    public void Parse_RandomText_RefusesWithVariantValidationException()
    {
        var chars = Gen.Char["kernelagent-variant/v1\n=_. #()abcdefxyz0123456789\r\t\u0000\u00e9/"];
        PropertyCases.Run(Gen.String[chars, 0, 300], PropertyCases.PerParser, "random texts", ParsesExactlyOrRefuses);
    }

    private static void ParsesExactlyOrRefuses(string text)
    {
        ArtifactVariant parsed;
        try
        {
            parsed = ArtifactVariant.Parse(text);
        }
        catch (VariantValidationException e)
        {
            Assert.NotEmpty(e.Errors);
            return;
        }

        // Nothing is normalised: a text that parses is the canonical form of what it parsed to, byte for byte.
        Assert.Equal(text, parsed.CanonicalForm);
    }
}
