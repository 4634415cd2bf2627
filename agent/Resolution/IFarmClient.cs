using KernelAgent.Protocol.V1;
using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Resolution;

/// <summary>Asks the build farm for an exact variant and follows the build to its end.</summary>
internal interface IFarmClient
{
    bool IsConfigured { get; }

    /// <summary>The published artifact's reference once the build succeeded (or was already published).</summary>
    /// <exception cref="ResolutionException">The build failed, was cancelled, or the farm stayed unreachable until the deadline.</exception>
    Task<FarmBuildResult> BuildAsync(ArtifactVariant variant, string requestedBy, Action<BuildEvent> progress, CancellationToken cancellationToken);

    /// <summary>
    /// Tells the farm which kernels this host has installed but is not running and which it missed an artifact for
    /// (ReportDemand), within <see cref="FarmClientOptions.CallTimeout"/>, without retrying. Returns the number of
    /// distinct kernels the farm recorded.
    /// </summary>
    /// <exception cref="DemandReportException">No farm is configured, it could not be reached in time, or it refused the report.</exception>
    Task<int> ReportDemandAsync(string hostId, IReadOnlyList<KernelIdentity> installed, IReadOnlyList<KernelIdentity> missed, CancellationToken cancellationToken);
}

/// <summary>The end of a successful build.</summary>
internal sealed record FarmBuildResult(string BuildId, ArtifactRef Artifact, bool AlreadyPublished);
