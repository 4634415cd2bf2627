using System.Security.Cryptography;
using System.Text;
using CsCheck;
using KernelAgent.BuildFarm.Auth;

namespace KernelAgent.BuildFarm.Tests.Auth;

/// <summary>
/// Caller identities (from certificates and tokens) against rule patterns, and issuers' key files: random input
/// never widens a rule, and a malformed key file is a refusal, never another exception.
/// </summary>
public sealed class AuthInputPropertyTests(ITestOutputHelper output)
{
    private const string Prefix = "spiffe://fleet.example/host/";

    [Fact]
    public void Covers_RandomIdentities_OnlyThoseUnderThePrefixOrEqualToTheExactOne()
    {
        var rule = new CallerRule { Name = "hosts", Identities = [Prefix + "*", "alice"], Roles = ["operator"] };
        var identity = Gen.OneOf(
            PropertyCases.Field(Prefix + "web-1", "alice", "ALICE", "alice ", Prefix, "spiffe://fleet.example/host", "spiffe://fleet.example/hostile/x"),
            PropertyCases.Field("web-1").Select(s => Prefix + s));
        var roles = PropertyCases.Field("operator", "Operator", "viewer", "").Array[0, 3];
        PropertyCases.Check(Gen.Select(identity, roles), c =>
        {
            var (who, has) = c;
            var expected = who.StartsWith(Prefix, StringComparison.Ordinal) || who == "alice" || has.Contains("operator");
            Assert.Equal(expected, rule.Covers(who, has));
        }, output, "CallerRule.Covers");
    }

    [Fact]
    public void Load_MutatedKeyFiles_ReturnAKeyOrRefuse()
    {
        using var rsa = RSA.Create(2048);
        var genuine = Encoding.ASCII.GetBytes(rsa.ExportSubjectPublicKeyInfoPem());
        var file = Path.GetTempFileName();
        try
        {
            PropertyCases.Check(Gen.OneOf(PropertyCases.Mutated(genuine), Gen.Byte.Array[0, 200]), bytes =>
            {
                File.WriteAllBytes(file, bytes);
                try
                {
                    Assert.NotNull(JwtSigningKeys.Load(file));
                }
                catch (CryptographicException)
                {
                    // A refusal: the validator reports it naming the setting.
                }
            }, output, "JwtSigningKeys.Load", iterations: 2_000);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
