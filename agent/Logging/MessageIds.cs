using KernelAgent.Journald;

namespace KernelAgent.Agent.Logging;

/// <summary>
/// The agent's journald MESSAGE_IDs: <see cref="MessageIdScheme"/> in the agent's fixed namespace, names
/// <c>kernel-agent/&lt;event id&gt;</c> for categories under <c>KernelAgent.</c>. Recompute one with
/// <c>python3 -c 'import uuid; print(uuid.uuid5(uuid.UUID("aa304279-3b44-4208-9d50-10658acd9d46"),
/// "kernel-agent/1300").hex)'</c>. The catalog (packaging/catalog/kernel-agent.catalog) explains each.
/// </summary>
internal static class MessageIds
{
    /// <summary>The agent's UUID namespace; changing it changes every MESSAGE_ID SREs alert on.</summary>
    public static readonly Guid Namespace = new("aa304279-3b44-4208-9d50-10658acd9d46");

    /// <summary>The agent's scheme, handed to the journald sink.</summary>
    public static readonly MessageIdScheme Scheme = new(Namespace, "kernel-agent", "KernelAgent.");

    /// <summary>MESSAGE_ID of one of the agent's own events (<see cref="AgentEventIds"/>).</summary>
    public static string ForAgentEvent(int eventId) => Scheme.ForOwnEvent(eventId);

    /// <summary>MESSAGE_ID for an event of <paramref name="category"/>, or null for event id 0.</summary>
    public static string? For(string? category, int eventId) => Scheme.For(category, eventId);
}
