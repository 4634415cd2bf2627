using System.Text.Json.Nodes;

namespace KernelAgent.EndToEnd.Tests.Guest;

/// <summary>The agent.json the guests get.</summary>
public sealed class AgentSetupTests
{
    [Fact]
    public void ToJson_StoreOnlyAgent_WritesTheAgentSectionWithoutAFarm()
    {
        var json = JsonNode.Parse(new AgentSetup("/keys") { Stores = ["file:///srv/store"] }.ToJson())!;

        Assert.Equal("kagent_sample", (string?)json["Agent"]!["DriverName"]);
        Assert.Equal("1.0.0", (string?)json["Agent"]!["DriverVersion"]);
        Assert.Equal("file:///srv/store", (string?)json["Agent"]!["Stores"]![0]);
        Assert.Null(json["Agent"]!["Farm"]);
    }
}
