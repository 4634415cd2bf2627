using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Tests.TestSupport;
using KernelAgent.Store.Trust;

namespace KernelAgent.Store.Tests.Trust;

/// <summary>
/// The trust policy is read from a store, so it is outside input: random bytes, byte mutations and mutated payloads
/// signed by a trusted key (what a careless operator tool could publish) are each refused with a reason or read whole,
/// never an exception.
/// </summary>
public sealed class TrustPolicyCodecPropertyTests : IDisposable
{
    private static readonly JsonNode?[] Replacements =
    [
        null, 0, -1, long.MaxValue, 1e308, "", "x", "1.0", "-", true, new JsonArray(), new JsonObject(), new JsonArray((JsonNode?)null),
        new JsonObject { ["keyId"] = null }, new string('a', 64), new string('x', 300),
    ];

    private readonly SigningKey _key = SigningKey.Generate();
    private readonly TrustedKeyRing _ring;
    private readonly byte[] _envelope;
    private readonly string _payload;

    public TrustPolicyCodecPropertyTests()
    {
        _ring = new TrustedKeyRing([_key.Public]);
        var policy = new TrustPolicy(
            7,
            new Dictionary<string, string> { [new string('b', 64)] = "leaked", [new string('c', 64)] = "retired" },
            new Dictionary<string, string> { ["kagent_sample"] = "1:1.2~rc1-3", ["jool"] = "4.1.9" });
        _envelope = TrustPolicyCodec.Sign(policy, DateTimeOffset.UnixEpoch, _key);
        _payload = Encoding.UTF8.GetString(Convert.FromBase64String(JsonNode.Parse(_envelope)!["payload"]!.GetValue<string>()));
    }

    public void Dispose() => _key.Dispose();

    [Fact]
    public void Read_RandomBytes_RefusesWithAReason() =>
        PropertyCases.Run(Gen.Byte.Array[0, 512], PropertyCases.PerParser, "random trust policy objects", bytes =>
        {
            var (policy, problem) = TrustPolicyCodec.Read(bytes, _ring);
            Assert.Null(policy);
            Assert.False(string.IsNullOrEmpty(problem));
        });

    [Fact]
    public void Read_ByteMutationsOfASignedPolicy_RefuseOrReadTheSignedPolicy() =>
        PropertyCases.Run(PropertyCases.PerParser, "byte-mutated trust policies", random =>
        {
            var (policy, problem) = TrustPolicyCodec.Read(Mutations.Bytes(_envelope, random), _ring);
            Assert.True(policy is null ? problem is { Length: > 0 } : policy.Serial == 7 && policy.RevokedKeys.Count == 2, problem);
        });

    [Fact]
    public void Read_MutatedPayloadSignedByATrustedKey_RefusesOrReadsOnlyValidEntries() =>
        PropertyCases.Run(PropertyCases.PerParser, "JSON-mutated trust policies signed by a trusted key", random =>
        {
            var node = JsonNode.Parse(_payload)!;
            Replace(node, random);
            var envelope = AttestationSigner.SignPayload(TrustPolicyDocument.PayloadType, Encoding.UTF8.GetBytes(node.ToJsonString()), _key, []);
            var (policy, problem) = TrustPolicyCodec.Read(envelope, _ring);
            if (policy is null)
            {
                Assert.False(string.IsNullOrEmpty(problem));
                return;
            }

            Assert.True(policy.Serial >= 1);
            Assert.All(policy.RevokedKeys, p => Assert.Matches("^[0-9a-f]{64}$", p.Key));
            Assert.All(policy.MinimumVersions, p => Assert.Null(DriverVersions.Problem(p.Value)));
        });

    private static void Replace(JsonNode root, Random random)
    {
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var target = nodes[random.Next(nodes.Count)];
        var replacement = Replacements[random.Next(Replacements.Length)]?.DeepClone();
        switch (target.Parent)
        {
            case JsonObject parent:
                parent[target.GetPropertyName()] = replacement;
                break;
            case JsonArray array:
                array[target.GetElementIndex()] = replacement;
                break;
            default:
                if (root is JsonObject o)
                {
                    o.Remove("serial");
                }

                break;
        }
    }

    private static void Collect(JsonNode node, List<JsonNode> into)
    {
        into.Add(node);
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            Collect(child, into);
        }
    }
}
