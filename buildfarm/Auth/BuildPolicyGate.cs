using KernelAgent.BuildFarm.Matrix.Policy;
using KernelAgent.Store.Variants;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Auth;

/// <summary>
/// Limits on-demand builds to Auth:BuildPolicyFile: a target covering the variant's distribution, VERSION_ID and
/// architecture, and the driver among the policy's drivers (by name: hosts may run another version than the
/// matrix prebuilds). The release window is the prebuild's concern: an on-demand build is for a kernel a host runs.
/// </summary>
internal sealed class BuildPolicyGate(IOptions<FarmAuthOptions> options, AuthAudit audit)
{
    private readonly Lazy<SupportPolicy?> _policy = new(() =>
        string.IsNullOrEmpty(options.Value.BuildPolicyFile) ? null : SupportPolicyParser.Load(options.Value.BuildPolicyFile));

    /// <exception cref="Grpc.Core.RpcException">FAILED_PRECONDITION naming the policy and what it lacks.</exception>
    public void Check(ArtifactVariant variant, string caller)
    {
        ArgumentNullException.ThrowIfNull(variant);
        if (_policy.Value is not { } policy)
        {
            return;
        }

        if (!policy.Drivers.Any(d => d.Name == variant.Driver.Name))
        {
            throw audit.OutsidePolicy(caller, policy.Name, variant.Driver.Name, $"driver '{variant.Driver.Name}' is not among its drivers");
        }

        var kernel = variant.Kernel;
        if (!policy.Targets.Any(t => t.Distro == kernel.DistroId && t.Versions.Contains(kernel.DistroVersionId) && t.Arches.Contains(kernel.Arch)))
        {
            throw audit.OutsidePolicy(caller, policy.Name, $"{kernel.DistroId} {kernel.DistroVersionId} {kernel.Arch}",
                $"no target covers {kernel.DistroId} {kernel.DistroVersionId} on {kernel.Arch}");
        }
    }
}
