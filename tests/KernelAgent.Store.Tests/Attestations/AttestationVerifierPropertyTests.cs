using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Tests.TestSupport;

namespace KernelAgent.Store.Tests.Attestations;

/// <summary>
/// Random and mutated envelopes: the verifier either refuses with a reason or returns an attestation that a trusted
/// key really signed and whose every part can be read.
/// </summary>
public sealed class AttestationVerifierPropertyTests : IDisposable
{
    private static readonly JsonNode?[] Replacements =
    [
        null, 0, -1, 1e308, "", "x", true, new JsonArray(), new JsonObject(), new JsonArray((JsonNode?)null),
        new JsonObject { ["a"] = null }, new string('a', 64),
    ];

    private readonly SigningKey _key = SigningKey.Generate();
    private readonly byte[] _envelope;
    private readonly byte[] _payload;
    private readonly TrustedKeyRing _ring;

    public AttestationVerifierPropertyTests()
    {
        _envelope = TestVariants.Sign(TestVariants.Debian(), TestVariants.FakeModule(), _key);
        _payload = Convert.FromBase64String(JsonNode.Parse(_envelope)!["payload"]!.GetValue<string>());
        _ring = new TrustedKeyRing([_key.Public]);
    }

    public void Dispose() => _key.Dispose();

    [Fact]
    public void VerifyEnvelope_RandomBytes_RefusesWithoutOtherExceptions() =>
        PropertyCases.Run(Gen.Byte.Array[0, 512], PropertyCases.PerParser, "random envelopes", bytes => AssertRefusedOrGenuine(bytes, signedPayload: null));

    [Fact]
    public void VerifyEnvelope_ByteMutationsOfAGenuineEnvelope_NeverVerifyAnAlteredPayload() =>
        PropertyCases.Run(PropertyCases.PerParser, "byte-mutated envelopes", random => AssertRefusedOrGenuine(Mutations.Bytes(_envelope, random), _payload));

    [Fact]
    public void VerifyEnvelope_JsonMutationsOfTheEnvelope_NeverVerifyAnAlteredPayload() =>
        PropertyCases.Run(PropertyCases.PerParser, "JSON-mutated envelopes", random =>
        {
            var node = JsonNode.Parse(_envelope)!;
            ReplaceRandomNode(node, random);
            AssertRefusedOrGenuine(Encoding.UTF8.GetBytes(node.ToJsonString()), _payload);
        });

    [Fact]
    public void VerifyEnvelope_JsonMutationsOfASignedStatement_RefuseOrYieldAReadableStatement() =>
        PropertyCases.Run(PropertyCases.PerParser, "JSON-mutated signed statements", random =>
        {
            var statement = JsonNode.Parse(_payload)!;
            for (var i = random.Next(1, 3); i > 0; i--)
            {
                ReplaceRandomNode(statement, random);
            }

            var payload = Encoding.UTF8.GetBytes(statement.ToJsonString());
            AssertRefusedOrGenuine(EnvelopeEditor.SignPayload(payload, _key), payload);
        });

    /// <summary>A refusal, or an attestation over exactly <paramref name="signedPayload"/> whose parts are all there.</summary>
    private void AssertRefusedOrGenuine(byte[] envelope, byte[]? signedPayload)
    {
        VerifiedAttestation verified;
        try
        {
            verified = AttestationVerifier.VerifyEnvelope(envelope, _ring);
        }
        catch (AttestationVerificationException e)
        {
            Assert.False(string.IsNullOrEmpty(e.Detail));
            return;
        }

        Assert.NotNull(signedPayload);
        var payload = Convert.FromBase64String(JsonNode.Parse(envelope)!["payload"]!.GetValue<string>());
        Assert.Equal(signedPayload, payload);
        Assert.Equal(_key.KeyId, verified.KeyId);
        Assert.Equal(64, verified.ModuleSha256.Length);
        var definition = verified.Statement.Predicate.BuildDefinition;
        Assert.All(definition.ExternalParameters.Variant.Values, Assert.NotNull);
        Assert.All(definition.ResolvedDependencies, d => Assert.All(d.Digest.Values, Assert.NotNull));
        Assert.NotNull(verified.Statement.Predicate.RunDetails.Builder.Id);
    }

    private static void ReplaceRandomNode(JsonNode root, Random random)
    {
        var slots = new List<(JsonNode Parent, object Key)>();
        Collect(root, slots);
        if (slots.Count == 0)
        {
            return;
        }

        var (parent, key) = slots[random.Next(slots.Count)];
        var replacement = Replacements[random.Next(Replacements.Length)]?.DeepClone();
        switch (parent, key)
        {
            case (JsonObject o, string name) when random.Next(8) == 0:
                o.Remove(name);
                break;
            case (JsonObject o, string name):
                o[name] = replacement;
                break;
            case (JsonArray a, int index):
                a[index] = replacement;
                break;
            default:
                break;
        }
    }

    private static void Collect(JsonNode node, List<(JsonNode, object)> slots)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o.ToList())
                {
                    slots.Add((o, name));
                    if (child is not null)
                    {
                        Collect(child, slots);
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    slots.Add((a, i));
                    if (a[i] is { } child)
                    {
                        Collect(child, slots);
                    }
                }

                break;
            default:
                break;
        }
    }
}
