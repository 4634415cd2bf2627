namespace KernelAgent.BuildFarm.Drivers;

/// <summary>A registered driver: where its source is and the digest that source must have.</summary>
/// <param name="Name">Module name, e.g. "kagent_sample".</param>
/// <param name="Version">Driver version, e.g. "1.0.0".</param>
/// <param name="SourcePath">Absolute path of the source folder or tarball.</param>
/// <param name="Kind">Folder or tarball.</param>
/// <param name="Sha256">The expected digest (lowercase hex).</param>
public sealed record RegisteredDriver(string Name, string Version, string SourcePath, DriverSourceKind Kind, string Sha256);
