namespace KernelAgent.BuildFarm.Headers.Cache;

/// <summary>Where downloaded header packages are kept: they vanish from mirrors, the farm keeps them.</summary>
internal sealed class HeaderCacheOptions
{
    /// <summary>Configuration section the farm binds these options from.</summary>
    public const string Section = "Headers:Cache";

    public string Directory { get; set; } = "/var/cache/kernel-buildfarm/headers";
}
