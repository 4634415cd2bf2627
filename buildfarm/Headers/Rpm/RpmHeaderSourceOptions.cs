namespace KernelAgent.BuildFarm.Headers.Rpm;

/// <summary>The RPM repositories (RHEL family, Amazon Linux) the farm resolves kernel-devel packages in; no default host.</summary>
internal sealed class RpmHeaderSourceOptions
{
    /// <summary>Configuration section the farm binds these options from.</summary>
    public const string Section = "Headers:Rpm";

    public IList<RpmRepository> Repositories { get; init; } = [];

    /// <summary>Longest read of repomd.xml or primary.xml. Default 2 min.</summary>
    public TimeSpan IndexTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest download of one -devel package (tens of MB). Default 10 min.</summary>
    public TimeSpan PackageTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest run of each extraction step (<c>rpm2archive</c>, then <c>tar -x</c>) for one package. Default 3 min.</summary>
    public TimeSpan ExtractTimeout { get; set; } = TimeSpan.FromMinutes(3);
}
