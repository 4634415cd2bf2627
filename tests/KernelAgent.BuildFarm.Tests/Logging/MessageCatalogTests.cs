using KernelAgent.Agent.Tests.Logging;
using KernelAgent.BuildFarm.Logging;

namespace KernelAgent.BuildFarm.Tests.Logging;

/// <summary>packaging/catalog/kernel-buildfarm.catalog explains every MESSAGE_ID the farm can log, and journalctl reads it.</summary>
public sealed class MessageCatalogTests
{
    private static readonly string s_catalog = MessageCatalog.Find("kernel-buildfarm.catalog");

    [Fact]
    public void Catalog_EventIdsTheFarmDefines_HaveOneEntryEachAndNoOthers() =>
        MessageCatalog.AssertMatches(
            s_catalog,
            MessageCatalog.LoggerMessageEventIds(typeof(FarmMessageIds).Assembly, typeof(KernelAgent.Store.Variants.ArtifactVariant).Assembly)
                .Select(id => (id, FarmMessageIds.Scheme.ForOwnEvent(id))));

    [Fact]
    [Trait("Category", "Integration")]
    public Task Catalog_CompiledByJournalctl_ListsEveryEntryWithItsSubject() =>
        MessageCatalog.AssertCompilesAsync(
            s_catalog, FarmMessageIds.Scheme.ForOwnEvent(1004), "kernel-buildfarm: a build failed", TestContext.Current.CancellationToken);
}
