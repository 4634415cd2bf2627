namespace KernelAgent.BuildFarm.Drivers;

/// <summary>One buildable driver as the farm's configuration (or a file under its conf.d) lists it.</summary>
internal sealed class DriverRegistration
{
    /// <summary>Driver name (a variant's driver name); for a plain kbuild folder also the name of the one .ko it builds.</summary>
    public string Name { get; set; } = "";

    public string Version { get; set; } = "";

    /// <summary>
    /// A source folder, a .tar.gz/.tgz of it, or a Debian <c>*-dkms</c> .deb (its usr/src/&lt;name&gt;-&lt;version&gt;/);
    /// relative paths are relative to <see cref="DriverRegistryOptions.BaseDirectory"/>.
    /// </summary>
    public string Source { get; set; } = "";

    /// <summary>Lowercase hex sha256 of the source as <see cref="DriverSourceDigest"/> defines it.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>Debian packages the build needs on the farm beyond kbuild (e.g. libxtables-dev); default none.</summary>
    public IList<string> BuildDepends { get; init; } = [];

    /// <summary>Publish .ko files the build makes that dkms.conf does not list (default false: such a build fails, naming them).</summary>
    public bool AllowUnlistedModules { get; set; }
}
