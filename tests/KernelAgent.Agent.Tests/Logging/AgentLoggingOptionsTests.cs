using KernelAgent.Agent.Logging;

namespace KernelAgent.Agent.Tests.Logging;

public sealed class AgentLoggingOptionsTests
{
    [Theory]
    [InlineData("/", "run/systemd/journal/socket", "/run/systemd/journal/socket")]
    [InlineData("/host", "run/systemd/journal/socket", "/host/run/systemd/journal/socket")]
    [InlineData("/host/", "/run/systemd/journal/socket", "/host/run/systemd/journal/socket")]
    [InlineData("/tmp/ka", "/run/systemd/journal/socket", "/tmp/ka/run/systemd/journal/socket")]
    public void ResolveJournalSocketPath_HostRoot_PutsTheSocketUnderIt(string hostRoot, string socketPath, string expected) =>
        Assert.Equal(expected, new AgentLoggingOptions { HostRoot = hostRoot, JournalSocketPath = socketPath }.ResolveJournalSocketPath());
}
