using System.ComponentModel.DataAnnotations;

namespace KernelAgent.BuildFarm.Builds;

/// <summary>Scheduling of builds (configuration section <c>Builds</c>).</summary>
internal sealed class BuildCoordinatorOptions
{
    public const string Section = "Builds";

    /// <summary>Builds that run at once. Default: the number of cores.</summary>
    [Range(1, 256)]
    public int Workers { get; set; } = Environment.ProcessorCount;

    /// <summary>Builds that may wait for a worker; beyond that Build answers RESOURCE_EXHAUSTED. Default 256.</summary>
    [Range(1, 100_000)]
    public int QueueLimit { get; set; } = 256;

    /// <summary>Longest a single build may run before it fails with TIMEOUT. Default 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "06:00:00")]
    public TimeSpan BuildTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long a failed build is answered from memory instead of rebuilt, so a fleet that all misses the
    /// same broken kernel does not start a rebuild storm. Default 10 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan FailureMemory { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Most failures remembered at once; beyond it the one nearest the end of its memory is forgotten first, so a
    /// farm asked for many broken kernels keeps bounded memory. Default 10000.
    /// </summary>
    [Range(1, 1_000_000)]
    public int FailureMemoryLimit { get; set; } = 10_000;

    /// <summary>How often failures whose memory is up are forgotten, whether or not their variant is asked again. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FailureSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Finished builds kept for GetBuild/ListBuilds/WatchBuild. Default 1000.</summary>
    [Range(10, 1_000_000)]
    public int History { get; set; } = 1000;

    /// <summary>Suggested wait sent with RESOURCE_EXHAUSTED. Default 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RetryAfterWhenFull { get; set; } = TimeSpan.FromSeconds(30);
}
