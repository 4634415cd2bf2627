namespace KernelAgent.EndToEnd.Tests;

/// <summary>
/// Every end-to-end test shares one farm, one set of prepared kernels and the first amd64 boot, and they run one
/// after another: each boots a qemu TCG guest, which keeps a core busy.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EndToEndSuite : ICollectionFixture<EndToEndFixture>
{
    public const string Name = "End to end";
}
