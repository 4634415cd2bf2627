namespace KernelAgent.Store.Backends;

/// <summary>Per-backend options for stores created by <see cref="ArtifactStoreFactory"/>.</summary>
public sealed class ArtifactStoreOptions
{
}
