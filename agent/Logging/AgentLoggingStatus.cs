using KernelAgent.Journald;
namespace KernelAgent.Agent.Logging;

internal sealed class AgentLoggingStatus : IAgentLoggingStatus
{
    private readonly JournaldSink? _journaldSink;

    public AgentLoggingStatus(LogOutput target, JournaldSink? journaldSink)
    {
        Target = target;
        _journaldSink = journaldSink;
    }

    public LogOutput Target { get; }

    public long DroppedJournalEntries => _journaldSink?.DroppedEntries ?? 0;
}
