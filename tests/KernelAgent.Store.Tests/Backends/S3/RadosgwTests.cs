namespace KernelAgent.Store.Tests.Backends.S3;

/// <summary>The S3 integration tests share one radosgw (about 15 s to start); each test uses its own bucket.</summary>
[CollectionDefinition(Name)]
public sealed class RadosgwTests : ICollectionFixture<RadosgwFixture>
{
    public const string Name = "radosgw";
}
