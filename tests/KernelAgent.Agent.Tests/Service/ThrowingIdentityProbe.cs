using KernelAgent.Agent.Identity;
using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Tests.Service;

/// <summary>An identity probe whose first calls throw what no pass expects (a bug), then reports the kernel.</summary>
internal sealed class ThrowingIdentityProbe(KernelIdentity kernel, int failures) : IKernelIdentityProbe
{
    private int _calls;

    public HostIdentity Probe() => Interlocked.Increment(ref _calls) <= failures
        ? throw new InvalidOperationException("a bug in the probe")
        : new FakeIdentityProbe(kernel).Probe();
}
