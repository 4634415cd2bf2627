namespace KernelAgent.BuildFarm.Matrix.Scheduling;

/// <summary>
/// What the prebuild loop knows between ticks (<c>&lt;state-dir&gt;/matrix/prebuild/status.json</c>): the archive
/// fingerprints of the last completed run, and every kernel the archives offer with when it was first seen and how
/// far its modules are. <c>kernel-buildfarm matrix status</c> prints it.
/// </summary>
internal sealed class PrebuildStatus
{
    public const string CurrentFormat = "kernelagent-prebuild-status/v1";

    public string Format { get; set; } = CurrentFormat;

    /// <summary>The policy the loop applies.</summary>
    public string? Policy { get; set; }

    /// <summary>Digest of the policy the last completed run applied: an edited policy makes the next tick plan again.</summary>
    public string? PolicyDigest { get; set; }

    /// <summary>When the last tick ended, and what it did.</summary>
    public DateTimeOffset? LastTick { get; set; }

    public string? LastTickOutcome { get; set; }

    /// <summary>Archive file URL to its sha256 as the last completed run saw it; a tick with every one equal does nothing more.</summary>
    public Dictionary<string, string> Archives { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Every kernel of the last crawl, ordered by <see cref="KernelStatus.Key"/>.</summary>
    public List<KernelStatus> Kernels { get; set; } = [];
}
