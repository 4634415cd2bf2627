using System.Reflection;
using KernelAgent.Agent.Logging;

namespace KernelAgent.Agent.Tests.Logging;

/// <summary>packaging/catalog/kernel-agent.catalog explains every MESSAGE_ID the agent can log, and journalctl reads it.</summary>
public sealed class MessageCatalogTests
{
    private static readonly string s_catalog = MessageCatalog.Find("kernel-agent.catalog");

    /// <summary>AgentEventIds' constants and every [LoggerMessage] of the agent and the store library.</summary>
    public static IReadOnlySet<int> DefinedEventIds()
    {
        var constants = typeof(AgentEventIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name is not nameof(AgentEventIds.First) and not nameof(AgentEventIds.Last))
            .Select(f => (int)f.GetRawConstantValue()!);
        return constants
            .Concat(MessageCatalog.LoggerMessageEventIds(typeof(AgentEventIds).Assembly, typeof(KernelAgent.Store.Variants.ArtifactVariant).Assembly))
            .ToHashSet();
    }

    [Fact]
    public void Catalog_EventIdsTheAgentDefines_HaveOneEntryEachAndNoOthers() =>
        MessageCatalog.AssertMatches(s_catalog, DefinedEventIds().Select(id => (id, MessageIds.ForAgentEvent(id))));

    [Fact]
    [Trait("Category", "Integration")]
    public Task Catalog_CompiledByJournalctl_ListsEveryEntryWithItsSubject() =>
        MessageCatalog.AssertCompilesAsync(
            s_catalog, MessageIds.ForAgentEvent(AgentEventIds.ConfigurationInvalid), "kernel-agent: kernel-agent's configuration is invalid",
            TestContext.Current.CancellationToken);
}
