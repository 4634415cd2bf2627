using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Published;

/// <summary>
/// The farm's view of what its store has published: each artifact is verified (signature, statement, every module's
/// digest, the variant) once, and answered from memory while the store's objects are the very versions verified.
/// </summary>
internal interface IPublishedArtifacts
{
    /// <summary>The verified artifact of the variant, or null when none is published or what is published is refused.</summary>
    /// <exception cref="KernelAgent.Store.Backends.StoreException">The store failed.</exception>
    Task<PublishedArtifact?> FindAsync(ArtifactVariant variant, CancellationToken cancellationToken);
}
