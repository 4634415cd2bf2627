namespace KernelAgent.BuildFarm.Headers;

/// <summary>Where downloaded header packages are kept: they vanish from mirrors, the farm keeps them.</summary>
public sealed class HeaderCacheOptions
{
    public string Directory { get; set; } = "/var/cache/kernel-buildfarm/headers";
}
