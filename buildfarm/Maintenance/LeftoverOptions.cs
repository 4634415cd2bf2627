using System.ComponentModel.DataAnnotations;

namespace KernelAgent.BuildFarm.Maintenance;

/// <summary>How the farm removes what killed writes and builds left behind (configuration section <c>Leftovers</c>).</summary>
internal sealed class LeftoverOptions
{
    public const string Section = "Leftovers";

    /// <summary>Time between sweeps (the first runs at start). Default 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A temp file or headers work folder is removed only when nothing in it was written for this long, so a
    /// write in progress (in this farm or a CLI command sharing the state folder) is never touched. Default 1 hour.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan Grace { get; set; } = TimeSpan.FromHours(1);
}
