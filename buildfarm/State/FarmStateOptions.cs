using System.ComponentModel.DataAnnotations;

namespace KernelAgent.BuildFarm.State;

/// <summary>Where the farm keeps its state and publishes (configuration section <c>Farm</c>).</summary>
internal sealed class FarmStateOptions
{
    public const string Section = "Farm";

    /// <summary>State folder: keys, headers cache, build folders, and the default store. Default /var/lib/kernel-buildfarm.</summary>
    [Required]
    public string StateDirectory { get; set; } = "/var/lib/kernel-buildfarm";

    /// <summary>Store the farm publishes to. Default: <c>file://&lt;StateDirectory&gt;/store</c> (the embedded default).</summary>
    public string? StoreUrl { get; set; }

    /// <summary>Endpoint, region and credentials when <see cref="StoreUrl"/> is s3:// (default: AWS and its credential chain).</summary>
    public KernelAgent.Store.Backends.S3.S3StoreOptions S3 { get; init; } = new();

    /// <summary>
    /// Largest attestation (<c>MaxAttestationBytes</c>, default 1 MiB) and module (<c>MaxModuleBytes</c>, default 64 MiB)
    /// the farm reads back from its store (Resolve, already-published checks).
    /// </summary>
    public KernelAgent.Store.Backends.StoreObjectLimits StoreLimits { get; init; } = new();

    public string EffectiveStoreUrl => StoreUrl ?? new Uri(Path.Join(Path.GetFullPath(StateDirectory), "store")).AbsoluteUri;
}
