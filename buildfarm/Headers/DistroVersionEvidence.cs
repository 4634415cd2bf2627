namespace KernelAgent.BuildFarm.Headers;

/// <summary>The os-release VERSION_ID a kernel's own packages say it belongs to, and where they say it.</summary>
/// <param name="VersionId">e.g. "12".</param>
/// <param name="Source">For the error, e.g. "its package version 6.12.57-1~bpo12+1 (~bpo12)".</param>
internal sealed record DistroVersionEvidence(string VersionId, string Source);
