using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Builds;

/// <summary>
/// Turns an exact variant into the bytes of its driver's modules: fetches that kernel's headers and compiles the registered
/// driver. The seam between scheduling (the coordinator) and the real toolchain.
/// </summary>
internal interface IModuleBuilder
{
    /// <summary>Why this farm cannot build for the variant's distribution, or null when it can.</summary>
    string? Unsupported(ArtifactVariant variant);

    /// <summary>
    /// Which kernel field cannot name an exact build of a supported distribution (no I/O: the build string's
    /// version, the release's form), or null when the variant can be built as far as its fields tell.
    /// </summary>
    KernelFieldProblem? InvalidKernelFields(ArtifactVariant variant);

    /// <summary>Builds every module of the variant's driver (one for a plain kbuild folder).</summary>
    /// <exception cref="BuildFailedException">The build could not produce its modules; says why.</exception>
    Task<BuiltDriver> BuildAsync(ArtifactVariant variant, IBuildProgress progress, CancellationToken cancellationToken);
}
