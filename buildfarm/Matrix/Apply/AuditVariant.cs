namespace KernelAgent.BuildFarm.Matrix.Apply;

/// <summary>The variant fields of an audit record, named as in the canonical form.</summary>
internal sealed record AuditVariant(
    string DistroId, string DistroVersionId, string Arch, string KernelRelease, string KernelVersion, string DriverName, string DriverVersion);
