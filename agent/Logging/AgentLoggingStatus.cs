namespace KernelAgent.Agent.Logging;

internal sealed class AgentLoggingStatus : IAgentLoggingStatus
{
    private readonly JournaldSink? _journaldSink;

    public AgentLoggingStatus(AgentLoggingTarget target, JournaldSink? journaldSink)
    {
        Target = target;
        _journaldSink = journaldSink;
    }

    public AgentLoggingTarget Target { get; }

    public long DroppedJournalEntries => _journaldSink?.DroppedEntries ?? 0;
}
