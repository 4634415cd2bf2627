namespace KernelAgent.Packaging.Tests;

/// <summary>The integration tests that share one <see cref="PackageBuild"/> (a test collection).</summary>
[CollectionDefinition(Name)]
public sealed class PackageBuildGroup : ICollectionFixture<PackageBuild>
{
    public const string Name = "Packages";
}
