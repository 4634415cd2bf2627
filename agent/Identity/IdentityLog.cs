using Microsoft.Extensions.Logging;

namespace KernelAgent.Agent.Identity;

/// <summary>Log events of the identity feature; event ids 1100-1199 belong to it.</summary>
internal static partial class IdentityLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Information,
        Message = "Kernel identity: {DistroId} {DistroVersionId} {Arch} {KernelRelease} ({KernelVersion}), from {OsReleasePath}")]
    public static partial void IdentityRead(
        ILogger logger, string distroId, string distroVersionId, string arch, string kernelRelease, string kernelVersion, string osReleasePath);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning,
        Message = "The host root {HostRoot} looks like a container's root ({ContainerMarker} exists): its os-release describes the container image, not the host. Mount the host's / into the container and set the host root to it")]
    public static partial void HostRootLooksLikeContainer(ILogger logger, string hostRoot, string containerMarker);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning,
        Message = "{OsReleasePath} assigns {RepeatedKeys} more than once; the last assignment is used, as os-release(5) prescribes")]
    public static partial void OsReleaseRepeatsKeys(ILogger logger, string osReleasePath, string repeatedKeys);
}
