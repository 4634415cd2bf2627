using System.ComponentModel.DataAnnotations;

namespace KernelAgent.BuildFarm.Published;

/// <summary>What the farm keeps of verified artifacts (configuration section <c>Published</c>).</summary>
internal sealed class PublishedArtifactsOptions
{
    public const string Section = "Published";

    /// <summary>
    /// Verified artifacts kept in memory (about 2-4 KiB each: keys, digests and the statement, never module bytes), so a
    /// Resolve hit costs a version check of each object instead of a read and a signature check. Beyond it new artifacts
    /// are verified on every call until the cache compacts. 0 verifies every call. Default 10000.
    /// </summary>
    [Range(0, 1_000_000)]
    public int VerifiedLimit { get; set; } = 10_000;
}
