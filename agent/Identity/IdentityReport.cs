using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Identity;

/// <summary>What <c>kernel-agent identity --json</c> prints; property names are snake_case, kernel fields as in the canonical form.</summary>
internal sealed record IdentityReport(
    string HostRoot,
    string OsReleasePath,
    string? OsName,
    string? OsPrettyName,
    IdentityReportKernel Kernel,
    string? FlavourHint,
    bool HostRootLooksLikeContainer,
    string? ContainerMarker,
    IdentityReportVariant? Variant,
    IReadOnlyList<InstalledKernel>? InstalledKernels)
{
    public static IdentityReport From(HostIdentity identity, ArtifactVariant? variant, IReadOnlyList<InstalledKernel>? installed) => new(
        identity.HostRoot,
        identity.OsReleasePath,
        identity.OsName,
        identity.OsPrettyName,
        new IdentityReportKernel(
            identity.Kernel.DistroId,
            identity.Kernel.DistroVersionId,
            identity.Kernel.Arch,
            identity.Kernel.KernelRelease,
            identity.Kernel.KernelVersion),
        identity.FlavourHint,
        identity.HostRootLooksLikeContainer,
        identity.ContainerMarker,
        variant is null ? null : new IdentityReportVariant(variant.Driver.Name, variant.Driver.Version, variant.CanonicalForm, variant.ContentKey),
        installed);
}
