namespace KernelAgent.Agent.Logging;

/// <summary>What the agent's logging chose and how it fares, for <c>kernel-agent status</c>.</summary>
public interface IAgentLoggingStatus
{
    AgentLoggingTarget Target { get; }

    /// <summary>Entries journald did not take since start; 0 when not logging to the journal.</summary>
    long DroppedJournalEntries { get; }
}
