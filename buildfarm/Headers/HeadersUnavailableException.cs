namespace KernelAgent.BuildFarm.Headers;

/// <summary>The exact package a kernel needs is not available: the farm will not substitute another build.</summary>
public sealed class HeadersUnavailableException : HeaderSourceException
{
    public HeadersUnavailableException(KernelTarget target, string package, string version, string where)
        : base($"Headers for {target} are not available: package '{package}' version '{version}' is not in {where}.")
    {
        Target = target;
        Package = package;
        Version = version;
    }

    public KernelTarget Target { get; }

    public string Package { get; }

    public string Version { get; }
}
