using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>
/// One cell of the support matrix: an exact kernel and a driver. <see cref="Id"/> names the cell (kernel + driver
/// name) across runs; <see cref="VariantKey"/> is the store's content key of kernel + driver version, the key an
/// agent asks for; <see cref="BuildKey"/> also covers the build inputs, so a new toolchain or header package changes it.
/// Every digest is lower-case hex.
/// </summary>
public sealed record MatrixEntry(
    string Id, KernelIdentity Kernel, DriverIdentity Driver, BuildInputs Inputs, EntrySource Source, string VariantKey, string BuildKey)
{
    /// <summary>The entry of a kernel and driver, its id and keys computed.</summary>
    /// <exception cref="VariantValidationException">The fields are not a valid variant.</exception>
    public static MatrixEntry Create(KernelIdentity kernel, DriverIdentity driver, BuildInputs inputs, EntrySource source)
    {
        ArgumentNullException.ThrowIfNull(driver);
        var variantKey = BuildKeys.VariantKey(kernel, driver);
        return new MatrixEntry(BuildKeys.EntryId(kernel, driver.Name), kernel, driver, inputs, source, variantKey, BuildKeys.Build(variantKey, inputs));
    }

    /// <exception cref="VariantValidationException">The fields are not a valid variant.</exception>
    public ArtifactVariant ToVariant() => ArtifactVariant.Create(Kernel, Driver);

    public override string ToString() =>
        $"{Driver.Name} {Driver.Version} for {Kernel.DistroId} {Kernel.DistroVersionId} {Kernel.Arch} {Kernel.KernelRelease} ({Kernel.KernelVersion})";
}
