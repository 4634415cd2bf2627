namespace KernelAgent.BuildFarm.Matrix.Scheduling;

/// <summary>One driver's module for one kernel (a matrix entry) in the prebuild loop's status.</summary>
internal sealed class ModuleStatus
{
    /// <summary>The matrix entry id.</summary>
    public string EntryId { get; set; } = "";

    public string Driver { get; set; } = "";

    public string DriverVersion { get; set; } = "";

    /// <summary>published, building, failed.</summary>
    public string State { get; set; } = KernelStates.Building;

    public DateTimeOffset? PublishedAt { get; set; }

    /// <summary>Failed tries in a row; the next waits <c>RetryBackoff * 2^(Attempts-1)</c>, at most MaxRetryBackoff.</summary>
    public int Failures { get; set; }

    public DateTimeOffset? NextAttempt { get; set; }

    public string? Reason { get; set; }
}
