using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Builds;

/// <summary>
/// One request for a variant's build. An on-demand request (an agent's miss, a matrix entry that is new) never
/// replaces a published artifact; a superseding rebuild (a matrix entry whose header packages, toolchain or driver
/// source changed) builds again unless the published attestation already records <see cref="BuildKey"/>, and then
/// replaces it, keeping the old one in the variant's history (docs/store-layout.md, "Superseding").
/// </summary>
/// <param name="Variant">The exact variant.</param>
/// <param name="RequestedBy">Recorded with the build as who asked for it.</param>
/// <param name="BuildKey">The matrix build key (variant plus input digests), recorded in the attestation; null on demand.</param>
/// <param name="Supersede">Whether a published attestation made from other inputs is rebuilt and replaced.</param>
internal sealed record VariantBuildRequest(ArtifactVariant Variant, string RequestedBy, string? BuildKey, bool Supersede)
{
    /// <summary>A request that is answered by any published artifact of the variant.</summary>
    public static VariantBuildRequest OnDemand(ArtifactVariant variant, string requestedBy, string? buildKey = null) =>
        new(variant, requestedBy, buildKey, Supersede: false);

    /// <summary>A rebuild that replaces a published artifact unless that one was built for <paramref name="buildKey"/>.</summary>
    public static VariantBuildRequest Rebuild(ArtifactVariant variant, string requestedBy, string buildKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(buildKey);
        return new(variant, requestedBy, buildKey, Supersede: true);
    }

    /// <summary>Whether a running or finished build serves this request as well as a new one would.</summary>
    internal bool IsServedBy(BuildJob job) => IsServedBy(job.Request);

    internal bool IsServedBy(VariantBuildRequest started) => !Supersede || (started.Supersede && started.BuildKey == BuildKey);
}
