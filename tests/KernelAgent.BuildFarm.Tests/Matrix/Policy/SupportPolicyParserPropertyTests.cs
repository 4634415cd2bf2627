using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using KernelAgent.BuildFarm.Matrix.Policy;

namespace KernelAgent.BuildFarm.Tests.Matrix.Policy;

/// <summary>
/// The support policy reader on mutated documents: a policy or a refusal listing its problems, never another
/// exception; what it accepts prints to a canonical form it reads back unchanged; independent mistakes are all named.
/// </summary>
public sealed class SupportPolicyParserPropertyTests(ITestOutputHelper output)
{
    private const string Valid = """
        {
          "format": "kernelagent-policy/v1",
          "name": "prod",
          "targets": [
            { "distro": "debian", "versions": ["12"], "arches": ["x86_64", "aarch64"], "flavours": ["amd64", "arm64"], "series": ["6.1"], "window": { "newestAbis": 2 } },
            { "distro": "ubuntu", "versions": ["22.04"], "arches": ["x86_64"], "window": { "newestAbis": 3 } }
          ],
          "drivers": [ { "name": "kagent_sample", "version": "1.0.0" } ],
          "hotSet": { "enabled": true, "minHosts": 3, "maxAgeDays": 14, "maxEntries": 100 }
        }
        """;

    private static readonly string[] Paths =
    [
        "format", "name", "targets", "drivers", "hotSet", "targets/0/distro", "targets/0/versions", "targets/0/arches", "targets/0/flavours",
        "targets/0/series", "targets/0/window", "targets/0/window/newestAbis", "targets/1/arches", "drivers/0/name", "drivers/0/version",
        "hotSet/enabled", "hotSet/minHosts", "hotSet/maxAgeDays", "hotSet/maxEntries", "unknown",
    ];

    private static readonly Gen<JsonNode?> Values = Gen.Frequency(
        (3, Gen.String.Select(s => (JsonNode?)JsonValue.Create(s))),
        (2, Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i))),
        (1, Gen.Double.Select(d => (JsonNode?)JsonValue.Create(double.IsFinite(d) ? d : 0))),
        (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
        (1, Gen.Const<JsonNode?>(() => null)),
        (1, Gen.String.Array[0, 3].Select(a => (JsonNode?)new JsonArray([.. a.Select(s => (JsonNode?)JsonValue.Create(s))]))),
        (1, Gen.Const<JsonNode?>(() => new JsonObject())));

    [Fact]
    public void Parse_ByteMutations_IsAPolicyOrARefusalAndRoundTrips()
    {
        PropertyCases.Check(PropertyCases.Mutated(Encoding.UTF8.GetBytes(Valid)), bytes => ParseOrRefuse(Encoding.UTF8.GetString(bytes)), output, "SupportPolicyParser.Parse, byte mutations");
    }

    [Fact]
    public void Parse_FieldsReplacedByRandomValues_IsAPolicyOrARefusalAndRoundTrips()
    {
        var gen = Gen.Select(Gen.OneOf(Paths), Values).Array[1, 3];
        PropertyCases.Check(gen, edits =>
        {
            var document = JsonNode.Parse(Valid)!;
            foreach (var (path, value) in edits)
            {
                Set(document, path, value?.DeepClone());
            }

            ParseOrRefuse(document.ToJsonString());
        }, output, "SupportPolicyParser.Parse, field replacements");
    }

    [Fact]
    public void Parse_SeveralIndependentMistakes_NamesEveryOne()
    {
        var document = JsonNode.Parse(Valid)!;
        Set(document, "targets/0/arches", new JsonArray("i686"));
        Set(document, "targets/1/window/newestAbis", JsonValue.Create(-1));
        Set(document, "drivers/0/name", JsonValue.Create(""));

        var error = Assert.Throws<PolicyValidationException>(() => SupportPolicyParser.Parse(document.ToJsonString(), "test"));

        Assert.Contains(error.Errors, e => e.StartsWith("$.targets[0].arches", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("$.targets[1].window", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("$.drivers[0].name", StringComparison.Ordinal));
    }

    private static void ParseOrRefuse(string json)
    {
        try
        {
            var policy = SupportPolicyParser.Parse(json, "fuzz");
            var again = SupportPolicyParser.Parse(policy.CanonicalJson, "canonical");
            Assert.Equal(policy.CanonicalJson, again.CanonicalJson);
            Assert.Equal(policy.Digest, again.Digest);
            Assert.NotEmpty(policy.Targets);
        }
        catch (PolicyValidationException e)
        {
            Assert.NotEmpty(e.Errors);
        }
    }

    private static void Set(JsonNode document, string path, JsonNode? value)
    {
        var parts = path.Split('/');
        var parent = document;
        foreach (var part in parts[..^1])
        {
            parent = parent is JsonArray array ? (int.Parse(part, System.Globalization.CultureInfo.InvariantCulture) < array.Count ? array[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)] : null) : parent?[part];
            if (parent is null or JsonValue)
            {
                return;
            }
        }

        if (parent is JsonObject obj)
        {
            obj[parts[^1]] = value;
        }
    }
}
