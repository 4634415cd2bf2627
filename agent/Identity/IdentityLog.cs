using KernelAgent.Agent.Logging;
using Microsoft.Extensions.Logging;

namespace KernelAgent.Agent.Identity;

/// <summary>Log events of the identity feature; its event ids are in the Identity block of AgentEventIds.</summary>
internal static partial class IdentityLog
{
    [LoggerMessage(EventId = AgentEventIds.IdentityRead, Level = LogLevel.Information,
        Message = "Kernel identity: {DistroId} {DistroVersionId} {Arch} {KernelRelease} ({KernelVersion}), from {OsReleasePath}")]
    public static partial void IdentityRead(
        ILogger logger, string distroId, string distroVersionId, string arch, string kernelRelease, string kernelVersion, string osReleasePath);

    [LoggerMessage(EventId = AgentEventIds.HostRootLooksLikeContainer, Level = LogLevel.Warning,
        Message = "The host root {HostRoot} looks like a container's root ({ContainerMarker} exists): its os-release describes the container image, not the host. Mount the host's / into the container and set the host root to it")]
    public static partial void HostRootLooksLikeContainer(ILogger logger, string hostRoot, string containerMarker);

    [LoggerMessage(EventId = AgentEventIds.OsReleaseRepeatsKeys, Level = LogLevel.Warning,
        Message = "{OsReleasePath} assigns {RepeatedKeys} more than once; the last assignment is used, as os-release(5) prescribes")]
    public static partial void OsReleaseRepeatsKeys(ILogger logger, string osReleasePath, string repeatedKeys);
}
