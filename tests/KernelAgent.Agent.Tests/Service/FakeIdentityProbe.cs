using KernelAgent.Agent.Identity;
using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Tests.Service;

/// <summary>An identity probe that reports the kernel the test chose, or fails the way a broken host would.</summary>
internal sealed class FakeIdentityProbe(KernelIdentity? kernel, IdentityProblem? problem = null) : IKernelIdentityProbe
{
    public HostIdentity Probe() => kernel is null
        ? throw new IdentityException(problem ?? new IdentityProblem("proc/sys/kernel/version", null, "the file is empty"))
        : new HostIdentity(kernel, "/", "/etc/os-release", "Debian GNU/Linux", "Debian GNU/Linux 12 (bookworm)", "amd64", null);
}
