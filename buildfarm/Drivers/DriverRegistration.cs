namespace KernelAgent.BuildFarm.Drivers;

/// <summary>One buildable driver as the farm's configuration lists it.</summary>
public sealed class DriverRegistration
{
    /// <summary>Module name: also the name of the .ko the build produces (e.g. "kagent_sample").</summary>
    public string Name { get; set; } = "";

    public string Version { get; set; } = "";

    /// <summary>A source folder or a .tar.gz/.tgz of it; relative paths are relative to <see cref="DriverRegistryOptions.BaseDirectory"/>.</summary>
    public string Source { get; set; } = "";

    /// <summary>Lowercase hex sha256 of the source as <see cref="DriverSourceDigest"/> defines it.</summary>
    public string Sha256 { get; set; } = "";
}
