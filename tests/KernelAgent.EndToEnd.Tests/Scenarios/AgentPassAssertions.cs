using KernelAgent.EndToEnd.Tests.Guest;

namespace KernelAgent.EndToEnd.Tests.Scenarios;

/// <summary>What every scenario where the agent must not load the module checks of the guest's report.</summary>
internal static class AgentPassAssertions
{
    /// <summary>
    /// The agent exited with <paramref name="exitCode"/>, its pass record says <paramref name="outcome"/> with a
    /// message naming <paramref name="reason"/>, the console shows that message, and the module never appeared.
    /// </summary>
    public static AgentPassRecord NotLoaded(GuestReport report, int exitCode, string outcome, string reason)
    {
        Assert.True(report.AgentExitCode == exitCode, $"agent exit {report.AgentExitCode}; {report.Describe()}");
        var pass = Assert.IsType<AgentPassRecord>(report.Pass);
        Assert.Equal(outcome, pass.Outcome);
        Assert.Contains(reason, pass.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(pass.Message, report.Console, StringComparison.Ordinal);
        Assert.Null(report.ModuleLine);
        return pass;
    }
}
