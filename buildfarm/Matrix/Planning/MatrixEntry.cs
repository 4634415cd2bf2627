using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>
/// One cell of the support matrix: an exact kernel and a driver. <see cref="Id"/> names the cell (kernel + driver
/// name) across runs; <see cref="VariantKey"/> is the store's content key of kernel + driver version, the key an
/// agent asks for; <see cref="BuildKey"/> also covers the build inputs, so a new toolchain or header package changes it.
/// Every digest is lower-case hex.
/// </summary>
/// <remarks>
/// Both keys follow from the other fields: computed when first asked for, or given by the snapshot an entry was
/// read from. A plan keeps the previous snapshot's entry wherever nothing changed, so a steady-state plan hashes
/// only what is new.
/// </remarks>
internal sealed record MatrixEntry(string Id, KernelIdentity Kernel, DriverIdentity Driver, BuildInputs Inputs, EntrySource Source)
{
    private string? _variantKey;
    private string? _buildKey;

    public string VariantKey
    {
        get => _variantKey ??= BuildKeys.VariantKey(Kernel, Driver);
        init => _variantKey = value;
    }

    public string BuildKey
    {
        get => _buildKey ??= BuildKeys.Build(VariantKey, Inputs);
        init => _buildKey = value;
    }

    /// <summary>The entry of a kernel and driver; its keys are computed when first asked for.</summary>
    public static MatrixEntry Create(KernelIdentity kernel, DriverIdentity driver, BuildInputs inputs, EntrySource source)
    {
        ArgumentNullException.ThrowIfNull(driver);
        return new MatrixEntry(BuildKeys.EntryId(kernel, driver.Name), kernel, driver, inputs, source);
    }

    /// <exception cref="VariantValidationException">The fields are not a valid variant.</exception>
    public ArtifactVariant ToVariant() => ArtifactVariant.Create(Kernel, Driver);

    /// <summary>Equal cells with equal inputs (the keys follow from those).</summary>
    public bool Equals(MatrixEntry? other) =>
        other is not null && Id == other.Id && Kernel == other.Kernel && Driver == other.Driver && Inputs == other.Inputs && Source == other.Source;

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Id);

    public override string ToString() =>
        $"{Driver.Name} {Driver.Version} for {Kernel.DistroId} {Kernel.DistroVersionId} {Kernel.Arch} {Kernel.KernelRelease} ({Kernel.KernelVersion})";
}
