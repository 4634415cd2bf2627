namespace KernelAgent.BuildFarm.Matrix.Scheduling;

/// <summary>One kernel an archive offers, and where the prebuild of its modules stands.</summary>
internal sealed class KernelStatus
{
    /// <summary>"distro version arch release package-version": one kernel upload.</summary>
    public string Key { get; set; } = "";

    public string Distro { get; set; } = "";

    public string DistroVersion { get; set; } = "";

    public string Arch { get; set; } = "";

    public string Release { get; set; } = "";

    public string PackageVersion { get; set; } = "";

    public string? BuildString { get; set; }

    /// <summary>When a crawl first listed it.</summary>
    public DateTimeOffset FirstSeen { get; set; }

    /// <summary>Listed by the loop's first crawl: it may have been in the archive long before, so it has no lag.</summary>
    public bool Baseline { get; set; }

    /// <summary><see cref="KernelStates"/>: covered, building, failed, outside-policy, unresolved.</summary>
    public string State { get; set; } = KernelStates.OutsidePolicy;

    /// <summary>Why it is not covered (the failure, or what leaves it out); null when covered.</summary>
    public string? Reason { get; set; }

    /// <summary>When its last module was published; null until then.</summary>
    public DateTimeOffset? CoveredAt { get; set; }

    public List<ModuleStatus> Modules { get; set; } = [];
}
