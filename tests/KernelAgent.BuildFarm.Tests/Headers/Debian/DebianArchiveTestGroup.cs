namespace KernelAgent.BuildFarm.Tests.Headers.Debian;

/// <summary>
/// The integration tests that use the real Debian archive share one fixture (apt lists fetched once) and run
/// one after another, so downloads and compiles do not compete with each other for the machine.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DebianArchiveTestGroup : ICollectionFixture<DebianHeadersFixture>
{
    public const string Name = "Debian archive";
}
