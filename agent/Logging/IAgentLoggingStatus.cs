using KernelAgent.Journald;
namespace KernelAgent.Agent.Logging;

/// <summary>What the agent's logging chose and how it fares, for <c>kernel-agent status</c>.</summary>
internal interface IAgentLoggingStatus
{
    LogOutput Target { get; }

    /// <summary>Entries journald did not take since start; 0 when not logging to the journal.</summary>
    long DroppedJournalEntries { get; }
}
