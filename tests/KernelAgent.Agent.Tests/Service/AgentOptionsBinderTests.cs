using CsCheck;
using KernelAgent.Agent.Service;
using KernelAgent.Store.Tests.TestSupport;
using Microsoft.Extensions.Configuration;

namespace KernelAgent.Agent.Tests.Service;

/// <summary>The Agent section binds what converts and names every value that does not, each under its own key.</summary>
public sealed class AgentOptionsBinderTests
{
    // Settings of each kind of value the binder converts (TimeSpan, bool, long, int, Uri), at every depth.
    private static readonly string[] TypedKeys =
    [
        "Agent:RetryInterval", "Agent:Install", "Agent:StoreLimits:MaxModuleBytes", "Agent:S3:MaxErrorRetry",
        "Agent:Farm:ReportDemand", "Agent:Farm:BuildDeadline", "Agent:S3:ServiceUrl",
    ];

    [Fact]
    public void Bind_SeveralBadValues_ReportsEachUnderItsKeyAndBindsTheRest()
    {
        var options = Bind(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Agent:DriverName"] = "kagent_sample",
            ["Agent:Stores:0"] = "file:///srv/store",
            ["Agent:RetryInterval"] = "soon",
            ["Agent:Farm:ReportDemand"] = "maybe",
            ["Agent:StoreLimits:MaxModuleBytes"] = "big",
            ["Agent:Farm:BuildDeadline"] = "00:10:00",
        });

        Assert.Equal(3, options.ConfigurationErrors.Count);
        Assert.Single(options.ConfigurationErrors, e => e.StartsWith("Agent:RetryInterval: ", StringComparison.Ordinal) && e.Contains("soon", StringComparison.Ordinal));
        Assert.Single(options.ConfigurationErrors, e => e.StartsWith("Agent:Farm:ReportDemand: ", StringComparison.Ordinal) && e.Contains("maybe", StringComparison.Ordinal));
        Assert.Single(options.ConfigurationErrors, e => e.StartsWith("Agent:StoreLimits:MaxModuleBytes: ", StringComparison.Ordinal));
        Assert.Equal("kagent_sample", options.DriverName);
        Assert.Equal(["file:///srv/store"], options.Stores);
        Assert.Equal(TimeSpan.FromMinutes(10), options.Farm.BuildDeadline);
        Assert.Equal(new AgentOptions().RetryInterval, options.RetryInterval);
    }

    [Fact]
    public void Bind_GoodValues_NoErrorsAndListsBoundOnce()
    {
        var options = Bind(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Agent:Stores:0"] = "file:///srv/a",
            ["Agent:Stores:1"] = "file:///srv/b",
            ["Agent:RetryInterval"] = "00:01:00",
            ["Agent:Install"] = "false",
        });

        Assert.Empty(options.ConfigurationErrors);
        Assert.Equal(["file:///srv/a", "file:///srv/b"], options.Stores);
        Assert.Equal(TimeSpan.FromMinutes(1), options.RetryInterval);
        Assert.False(options.Install);
    }

    [Fact]
    public void Bind_BadValueAndGoodListTogether_ListBoundOnce()
    {
        var options = Bind(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Agent:Stores:0"] = "file:///srv/a",
            ["Agent:Install"] = "perhaps",
        });

        Assert.Equal(["file:///srv/a"], options.Stores);
        Assert.StartsWith("Agent:Install: ", Assert.Single(options.ConfigurationErrors), StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_RandomTextInTypedSettings_EachBadValueNamedOnceNeverThrows()
    {
        var text = Gen.String[Gen.Char["0123456789:.-+ eEtrufalsTRUFALSxyz/\\\"'\n"], 0, 16];
        var sections = Gen.Dictionary(Gen.Int[0, TypedKeys.Length - 1].Select(i => TypedKeys[i]), text)[0, TypedKeys.Length];
        PropertyCases.Run(sections, PropertyCases.PerParser / 4, "Agent sections with random typed values", values =>
        {
            var options = Bind(values.ToDictionary(v => v.Key, v => (string?)v.Value, StringComparer.Ordinal));

            foreach (var (key, value) in values)
            {
                var alone = Bind(new Dictionary<string, string?>(StringComparer.Ordinal) { [key] = value });
                var named = options.ConfigurationErrors.Count(e => e.StartsWith(key + ": ", StringComparison.Ordinal));
                Assert.Equal(alone.ConfigurationErrors.Count, named);
            }

            Assert.All(options.ConfigurationErrors, e => Assert.Contains(TypedKeys, k => e.StartsWith(k + ": ", StringComparison.Ordinal)));
        });
    }

    private static AgentOptions Bind(Dictionary<string, string?> values)
    {
        var options = new AgentOptions();
        AgentOptionsBinder.Bind(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), options);
        return options;
    }
}
