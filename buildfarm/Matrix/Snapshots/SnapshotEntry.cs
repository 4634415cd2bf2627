using KernelAgent.BuildFarm.Matrix.Planning;

namespace KernelAgent.BuildFarm.Matrix.Snapshots;

/// <summary>One matrix entry as a snapshot document has it: one flat record per line of fields.</summary>
internal sealed record SnapshotEntry(
    string Id, string Distro, string DistroVersion, string Arch, string Release, string Build, string Driver, string DriverVersion,
    string VariantKey, string BuildKey, string Headers, string DriverSource, string Toolchain)
{
    /// <summary>"policy" or "demand".</summary>
    public string Source { get; init; } = "policy";

    public static SnapshotEntry From(MatrixEntry entry)
    {
        var k = entry.Kernel;
        return new SnapshotEntry(
            entry.Id, k.DistroId, k.DistroVersionId, k.Arch, k.KernelRelease, k.KernelVersion, entry.Driver.Name, entry.Driver.Version,
            entry.VariantKey, entry.BuildKey, entry.Inputs.Headers, entry.Inputs.DriverSource, entry.Inputs.Toolchain)
        {
            Source = entry.Source == EntrySource.Demand ? "demand" : "policy",
        };
    }
}
