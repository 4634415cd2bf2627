using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>
/// One cell of the support matrix: an exact kernel and a driver. <see cref="Id"/> names the cell (kernel + driver
/// name) across runs; <see cref="VariantKey"/> is the store's content key of kernel + driver version, the key an
/// agent asks for; <see cref="BuildKey"/> also covers the build inputs, so a new toolchain or header package changes it.
/// </summary>
/// <remarks>
/// Both keys are functions of the other fields. They are computed when first asked for, unless a plan hands them
/// over from the previous snapshot's entry with the same id, kernel, driver version and inputs: in a steady state
/// that is nearly every entry, and the two hashes per entry it saves are a third of a 100k-entry plan.
/// </remarks>
public sealed record MatrixEntry
{
    private Sha256Digest? _variantKey;
    private Sha256Digest? _buildKey;

    public MatrixEntry(
        Sha256Digest id, KernelIdentity kernel, DriverIdentity driver, BuildInputs inputs, EntrySource source,
        Sha256Digest? variantKey = null, Sha256Digest? buildKey = null)
    {
        Id = id;
        Kernel = kernel;
        Driver = driver;
        Inputs = inputs;
        Source = source;
        _variantKey = variantKey;
        _buildKey = buildKey;
    }

    public Sha256Digest Id { get; }

    public KernelIdentity Kernel { get; }

    public DriverIdentity Driver { get; }

    public BuildInputs Inputs { get; }

    public EntrySource Source { get; }

    public Sha256Digest VariantKey => _variantKey ??= BuildKeys.VariantKey(Kernel, Driver);

    public Sha256Digest BuildKey => _buildKey ??= BuildKeys.Build(VariantKey, Inputs);

    /// <exception cref="VariantValidationException">The fields are not a valid variant.</exception>
    public ArtifactVariant ToVariant() => ArtifactVariant.Create(Kernel, Driver);

    /// <summary>Equal cells with equal inputs (the keys follow from those).</summary>
    public bool Equals(MatrixEntry? other) =>
        other is not null && Id == other.Id && Kernel == other.Kernel && Driver == other.Driver && Inputs == other.Inputs && Source == other.Source;

    public override int GetHashCode() => Id.GetHashCode();

    public override string ToString() =>
        $"{Driver.Name} {Driver.Version} for {Kernel.DistroId} {Kernel.DistroVersionId} {Kernel.Arch} {Kernel.KernelRelease} ({Kernel.KernelVersion})";

    /// <summary>Takes the keys of the previous snapshot's entry with the same id, driver version and inputs.</summary>
    internal void AdoptKeys(Sha256Digest variantKey, Sha256Digest buildKey)
    {
        _variantKey = variantKey;
        _buildKey = buildKey;
    }
}
