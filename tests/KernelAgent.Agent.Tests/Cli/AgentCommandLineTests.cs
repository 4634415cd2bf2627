using KernelAgent.Agent.Cli;

namespace KernelAgent.Agent.Tests.Cli;

public sealed class AgentCommandLineTests
{
    [Fact]
    public void ConfigurationFor_Run_LeavesTerminationSignalsToTheHost()
    {
        Assert.Null(AgentCommandLine.ConfigurationFor("run").ProcessTerminationTimeout);
    }

    [Theory]
    [InlineData("once")]
    [InlineData("verify")]
    [InlineData("wait")]
    public void ConfigurationFor_OneShotVerb_KeepsTheDefaultTermination(string verb)
    {
        Assert.NotNull(AgentCommandLine.ConfigurationFor(verb).ProcessTerminationTimeout);
    }
}
