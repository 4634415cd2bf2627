namespace KernelAgent.BuildFarm.Headers;

/// <summary>The RPM repositories (RHEL family, Amazon Linux) the farm resolves kernel-devel packages in; no default host.</summary>
public sealed class RpmHeaderSourceOptions
{
    /// <summary>Configuration section the farm binds these options from.</summary>
    public const string Section = "Headers:Rpm";

    public IList<RpmRepository> Repositories { get; init; } = [];

    public TimeSpan IndexTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
