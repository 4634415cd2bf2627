using KernelAgent.Agent.Logging;

namespace KernelAgent.Agent.Tests.Logging;

public sealed class MessageIdsTests
{
    // Expected values from Python's uuid module, an independent RFC 9562 implementation:
    // uuid.uuid5(uuid.UUID("aa304279-3b44-4208-9d50-10658acd9d46"), "kernel-agent/1300").hex
    [Theory]
    [InlineData(AgentEventIds.ModuleLoaded, "9cb75cbf73785a49b1c29e53a5bca857")]
    [InlineData(AgentEventIds.IdentityRead, "9c12322acbe7597dbe345a658189602a")]
    public void ForAgentEvent_KnownEvent_IsTheDocumentedNameBasedUuid(int eventId, string expected) =>
        Assert.Equal(expected, MessageIds.ForAgentEvent(eventId));

    [Fact]
    public void For_AgentCategory_IsTheAgentEventId() =>
        Assert.Equal(
            MessageIds.ForAgentEvent(AgentEventIds.ModuleLoaded),
            MessageIds.For("KernelAgent.Agent.Loading.ModuleLoader", AgentEventIds.ModuleLoaded));

    [Fact]
    public void For_FrameworkCategory_IsNamedByCategoryAndId()
    {
        Assert.Equal("18350d61eecd5826bbe3c9368bede6e7", MessageIds.For("Microsoft.Hosting.Lifetime", 1));
        Assert.NotEqual(MessageIds.ForAgentEvent(1), MessageIds.For("Microsoft.Hosting.Lifetime", 1));
    }

    [Fact]
    public void For_EventIdZero_IsNull() => Assert.Null(MessageIds.For("KernelAgent.Agent", 0));

    [Fact]
    public void ForAgentEvent_EveryId_Is32LowerCaseHexDigits()
    {
        for (var id = AgentEventIds.First; id <= AgentEventIds.Last; id++)
        {
            var messageId = MessageIds.ForAgentEvent(id);
            Assert.Matches("^[0-9a-f]{12}5[0-9a-f]{3}[89ab][0-9a-f]{15}$", messageId);
        }
    }
}
