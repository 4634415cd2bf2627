using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Builds;

/// <summary>
/// Turns an exact variant into module bytes: fetches that kernel's headers and compiles the registered
/// driver. The seam between scheduling (the coordinator) and the real toolchain.
/// </summary>
public interface IModuleBuilder
{
    /// <exception cref="BuildFailedException">The build could not produce a module; says why.</exception>
    /// <summary>Why this farm cannot build for the variant's distribution, or null when it can.</summary>
    string? Unsupported(ArtifactVariant variant);

    Task<BuiltModule> BuildAsync(ArtifactVariant variant, IBuildProgress progress, CancellationToken cancellationToken);
}
