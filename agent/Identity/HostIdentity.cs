using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Identity;

/// <summary>What the agent knows about the host it runs on.</summary>
/// <param name="Kernel">The exact, validated kernel identity; the only part that takes part in variant keys.</param>
/// <param name="HostRoot">The host root the identity was read under.</param>
/// <param name="OsReleasePath">The os-release file that was used, as shown to people.</param>
/// <param name="OsName"><c>NAME=</c> from os-release, for display.</param>
/// <param name="OsPrettyName"><c>PRETTY_NAME=</c> from os-release, for display.</param>
/// <param name="FlavourHint">
/// A flavour read off the release string (e.g. <c>cloud-amd64</c>, <c>aws</c>), for display only: it
/// never selects an artifact, the exact release does.
/// </param>
/// <param name="ContainerMarker">
/// A container marker file found under the host root (<c>/.dockerenv</c>, <c>/run/.containerenv</c>), or
/// <c>null</c>. When set, the "host root" is most likely a container's own root and os-release describes
/// the container image, not the host.
/// </param>
internal sealed record HostIdentity(
    KernelIdentity Kernel,
    string HostRoot,
    string OsReleasePath,
    string? OsName,
    string? OsPrettyName,
    string? FlavourHint,
    string? ContainerMarker)
{
    public bool HostRootLooksLikeContainer => ContainerMarker is not null;
}
