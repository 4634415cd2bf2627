using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Identity;

/// <summary>The kernel fields under the names the canonical form uses (<see cref="VariantFieldNames"/>).</summary>
internal sealed record IdentityReportKernel(string DistroId, string DistroVersionId, string Arch, string KernelRelease, string KernelVersion);
