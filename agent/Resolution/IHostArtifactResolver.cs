using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Resolution;

/// <summary>Finds a verified artifact for the host's exact variant: cache, then stores in order, then the farm.</summary>
internal interface IHostArtifactResolver
{
    /// <exception cref="ResolutionException">Nothing acceptable was found; the outcome says which definite state.</exception>
    Task<ResolutionResult> ResolveAsync(ArtifactVariant variant, CancellationToken cancellationToken);

    /// <summary>
    /// Moves the cached copy of <paramref name="variant"/> to quarantine after a later check (vermagic) refused it,
    /// so it is never used again, and logs why. Returns the quarantine folder, or null when nothing was cached.
    /// </summary>
    string? Quarantine(ArtifactVariant variant, string reason);
}
