namespace KernelAgent.BuildFarm.Matrix.Scheduling;

/// <summary>
/// The prebuild loop inside <c>kernel-buildfarm serve</c> (configuration section <c>Prebuild</c>): every
/// <see cref="Interval"/> it asks each configured archive whether it changed and, when one did, crawls, plans
/// <see cref="Policy"/> against its last snapshot and applies the plan.
/// </summary>
internal sealed class PrebuildSchedulerOptions
{
    public const string Section = "Prebuild";

    /// <summary>Whether the loop runs at all. Default true; it still does nothing until <see cref="Policy"/> is set.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The support policy file to keep applied (docs/catalog-format.md). Default none: the loop is off.</summary>
    public string? Policy { get; set; }

    /// <summary>Time between two archive checks. Default 5 minutes.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Up to this much is added to each wait, at random, so farms started together do not ask the mirrors at the
    /// same second. Default 30 s; zero: none.
    /// </summary>
    public TimeSpan Jitter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Wait after start before the first check (the farm serves first). Default 10 s.</summary>
    public TimeSpan FirstTickDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Entries queued at once, as <c>matrix apply --chunk-size</c>. Default 16.</summary>
    public int ChunkSize { get; set; } = 16;

    /// <summary>Wait before a failed build is tried again; doubled after each further failure. Default 15 minutes.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The longest wait between two tries of a failed build. Default 6 hours.</summary>
    public TimeSpan MaxRetryBackoff { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Longest wait for one archive's Release (or repomd.xml) answer. Default 30 s.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
