using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>
/// One cell of the support matrix: an exact kernel and a driver. <see cref="Id"/> names the cell (kernel + driver
/// name) across runs; <see cref="VariantKey"/> is the store's content key of kernel + driver version, the key an
/// agent asks for; <see cref="BuildKey"/> also covers the build inputs, so a new toolchain or header package changes it.
/// </summary>
public sealed record MatrixEntry(
    Sha256Digest Id,
    KernelIdentity Kernel,
    DriverIdentity Driver,
    Sha256Digest VariantKey,
    Sha256Digest BuildKey,
    BuildInputs Inputs,
    EntrySource Source)
{
    /// <exception cref="VariantValidationException">The fields are not a valid variant.</exception>
    public ArtifactVariant ToVariant() => ArtifactVariant.Create(Kernel, Driver);

    public override string ToString() =>
        $"{Driver.Name} {Driver.Version} for {Kernel.DistroId} {Kernel.DistroVersionId} {Kernel.Arch} {Kernel.KernelRelease} ({Kernel.KernelVersion})";
}
