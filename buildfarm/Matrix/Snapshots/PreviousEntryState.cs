using KernelAgent.BuildFarm.Matrix.Planning;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Matrix.Snapshots;

/// <summary>What a previous entry may differ in from the current entry with the same id.</summary>
public readonly record struct PreviousEntryState(string DriverVersion, Sha256Digest VariantKey, Sha256Digest BuildKey, BuildInputs Inputs, EntrySource Source)
{
    public static PreviousEntryState Of(MatrixEntry entry) => new(entry.Driver.Version, entry.VariantKey, entry.BuildKey, entry.Inputs, entry.Source);

    /// <summary>Same driver version and inputs as <paramref name="current"/> (same id: same kernel and driver), hence the same keys.</summary>
    public bool SameBuildAs(MatrixEntry current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return DriverVersion == current.Driver.Version && Inputs == current.Inputs;
    }

    /// <summary>The previous entry whole, with the kernel it shares with <paramref name="current"/>.</summary>
    public MatrixEntry ToEntry(MatrixEntry current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var driver = DriverVersion == current.Driver.Version ? current.Driver : new DriverIdentity(current.Driver.Name, DriverVersion);
        return new MatrixEntry(current.Id, current.Kernel, driver, Inputs, Source, VariantKey, BuildKey);
    }
}
