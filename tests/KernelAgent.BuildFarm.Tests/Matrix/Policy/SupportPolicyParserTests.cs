using KernelAgent.BuildFarm.Matrix.Policy;

namespace KernelAgent.BuildFarm.Tests.Matrix.Policy;

public sealed class SupportPolicyParserTests
{
    private const string Valid = """
        {
          // Comments are allowed: a policy is reviewed like code.
          "format": "kernelagent-policy/v1",
          "name": "prod",
          "targets": [
            { "distro": "debian", "versions": ["12"], "arches": ["x86_64", "aarch64"], "flavours": ["amd64", "cloud-amd64", "arm64"],
              "series": ["6.1"], "window": { "newestAbis": 2 } },
            { "distro": "ubuntu", "versions": ["22.04", "24.04"], "arches": ["x86_64"], "window": { "newestAbis": 3 } }
          ],
          "drivers": [ { "name": "kagent_sample", "version": "1.0.0" } ],
          "hotSet": { "enabled": true, "minHosts": 3 }
        }
        """;

    [Fact]
    public void Parse_ValidPolicy_ReadsTargetsDriversAndHotSetWithDefaults()
    {
        var policy = SupportPolicyParser.Parse(Valid, "test");

        Assert.Equal("prod", policy.Name);
        Assert.Equal(2, policy.Targets.Count);
        Assert.Equal(["amd64", "cloud-amd64", "arm64"], policy.Targets[0].Flavours!);
        Assert.Null(policy.Targets[1].Flavours);
        Assert.Equal((2, 3), (policy.Targets[0].NewestAbis, policy.Targets[1].NewestAbis));
        Assert.Equal(("kagent_sample", "1.0.0"), (policy.Drivers[0].Name, policy.Drivers[0].Version));
        Assert.Equal(new HotSetPolicy(true, 14, 3, 500), policy.HotSet);
    }

    [Fact]
    public void Parse_ManyProblems_ReportsEveryOneUnderItsPath()
    {
        const string Broken = """
            {
              "format": "kernelagent-policy/v2",
              "name": "Prod!",
              "targets": [
                { "distro": "gentoo", "versions": [], "arches": ["x86_64", "i686"], "window": { "newestAbis": 0 }, "flavors": ["amd64"] },
                { "distro": "debian", "versions": ["12", "12"], "arches": ["aarch64"] }
              ],
              "drivers": [ { "name": "a", "version": "1" }, { "name": "a", "version": "2" }, { "name": "b" } ],
              "hotSet": { "enabled": "yes", "budget": 3 }
            }
            """;

        var error = Assert.Throws<PolicyValidationException>(() => SupportPolicyParser.Parse(Broken, "'broken.json'"));

        string[] expected =
        [
            "$.format: 'kernelagent-policy/v2' is not \"kernelagent-policy/v1\"",
            "$.name: 'Prod!' is not a policy name",
            "$.targets[0].flavors: unknown key (known: distro, versions, arches, flavours, series, window)",
            "$.targets[0].distro: \"gentoo\" is not a distribution the farm builds for",
            "$.targets[0].versions: must be a non-empty array of strings, not an empty array",
            "$.targets[0].arches[1]: 'i686' is not one of x86_64, aarch64",
            "$.targets[0].window.newestAbis: must be a whole number from 1 to 10000, not the number 0",
            "$.targets[1].versions[1]: '12' is listed twice",
            "$.targets[1].window: is required",
            "$.drivers[2].version: is required",
            "$.drivers: driver 'a' is listed 2 times",
            "$.hotSet.budget: unknown key",
            "$.hotSet.enabled: must be true or false, not the string 'yes'",
        ];
        Assert.Equal(expected.Length, error.Errors.Count);
        Assert.All(expected.Zip(error.Errors), pair => Assert.StartsWith(pair.First, pair.Second, StringComparison.Ordinal));
        Assert.Contains("'broken.json'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotJson_SaysWhere()
    {
        var error = Assert.Throws<PolicyValidationException>(() => SupportPolicyParser.Parse("{\n  \"name\": \n}", "test"));

        Assert.StartsWith("$: not valid JSON (line 3", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Digest_SamePolicyDifferentLayout_IsEqual()
    {
        var original = SupportPolicyParser.Parse(Valid, "a");
        var compact = SupportPolicyParser.Parse(original.CanonicalJson, "canonical");

        Assert.Equal(original.Digest, compact.Digest);
        Assert.NotEqual(original.Digest, SupportPolicyParser.Parse(Valid.Replace("\"newestAbis\": 2", "\"newestAbis\": 4", StringComparison.Ordinal), "c").Digest);
    }
}
