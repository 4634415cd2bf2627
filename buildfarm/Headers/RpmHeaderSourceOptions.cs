namespace KernelAgent.BuildFarm.Headers;

/// <summary>The RPM repositories (RHEL family, Amazon Linux) the farm resolves kernel-devel packages in; no default host.</summary>
public sealed class RpmHeaderSourceOptions
{
    public IList<RpmRepository> Repositories { get; init; } = [];

    public TimeSpan IndexTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
