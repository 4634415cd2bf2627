namespace KernelAgent.BuildFarm.Drivers;

/// <summary>A registered driver: where its source is and the digest that source must have.</summary>
/// <param name="Name">Driver name, e.g. "kagent_sample" or "jool-dkms".</param>
/// <param name="Version">Driver version, e.g. "1.0.0".</param>
/// <param name="SourcePath">Absolute path of the source folder, tarball or .deb.</param>
/// <param name="Kind">Folder, tarball or Debian package.</param>
/// <param name="Sha256">The expected digest (lowercase hex).</param>
/// <param name="BuildDepends">Debian packages its build needs on the farm.</param>
/// <param name="AllowUnlistedModules">Whether .ko files dkms.conf does not list are published rather than refused.</param>
/// <param name="RegisteredIn">The file the registration came from (farm configuration or a conf.d file), for messages.</param>
internal sealed record RegisteredDriver(
    string Name,
    string Version,
    string SourcePath,
    DriverSourceKind Kind,
    string Sha256,
    IReadOnlyList<string>? BuildDepends = null,
    bool AllowUnlistedModules = false,
    string? RegisteredIn = null)
{
    /// <summary>The build's Debian package needs (never null).</summary>
    public IReadOnlyList<string> Needs => BuildDepends ?? [];
}
