using KernelAgent.Agent.Identity;
using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Tests.Service;

/// <summary>An identity probe that blocks its thread until released, as a read of a FIFO or a hung file system would.</summary>
internal sealed class BlockingIdentityProbe(KernelIdentity kernel) : IKernelIdentityProbe, IDisposable
{
    private readonly ManualResetEventSlim _release = new();
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first probe has started (and is blocked).</summary>
    public Task Entered => _entered.Task;

    public void Release() => _release.Set();

    public HostIdentity Probe()
    {
        _entered.TrySetResult();
        _release.Wait();
        return new FakeIdentityProbe(kernel).Probe();
    }

    public void Dispose()
    {
        _release.Set();
        _release.Dispose();
    }
}
