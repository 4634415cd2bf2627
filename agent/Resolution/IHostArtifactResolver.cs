using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Resolution;

/// <summary>Finds a verified artifact for the host's exact variant: cache, then stores in order, then the farm.</summary>
public interface IHostArtifactResolver
{
    /// <exception cref="ResolutionException">Nothing acceptable was found; the outcome says which definite state.</exception>
    Task<ResolutionResult> ResolveAsync(ArtifactVariant variant, CancellationToken cancellationToken);
}
