namespace KernelAgent.BuildFarm.Drivers;

/// <summary>The drivers the farm may build: nothing else is ever compiled.</summary>
internal sealed class DriverRegistryOptions
{
    /// <summary>The farm's own file's <c>Drivers:Drivers</c> list (default: none besides the bundled sample).</summary>
    public IList<DriverRegistration> Drivers { get; init; } = [];

    /// <summary>Base of relative source paths; default: the farm's working directory.</summary>
    public string? BaseDirectory { get; set; }

    /// <summary>
    /// Folder of one-driver registration files (<c>*.json</c>, one <see cref="DriverRegistration"/> each) that
    /// <c>kernel-buildfarm drivers add</c> writes; re-read when a file there changes, without a restart.
    /// Default <c>/etc/kernel-buildfarm/conf.d/drivers</c>; a missing folder registers nothing.
    /// </summary>
    public string RegistrationDirectory { get; set; } = "/etc/kernel-buildfarm/conf.d/drivers";
}
