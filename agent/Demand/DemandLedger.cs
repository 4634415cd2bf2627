using KernelAgent.Agent.Resolution;
using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Demand;

/// <summary>
/// The kernels the stores had no artifact for during this process's life. Every report repeats them, so the farm keeps
/// them in its hot set while this host runs them; kept in memory only (the first pass after a restart finds out again).
/// </summary>
internal sealed class DemandLedger : IMissListener
{
    private readonly object _gate = new();
    private readonly List<KernelIdentity> _missed = [];

    public void Missed(ArtifactVariant variant)
    {
        lock (_gate)
        {
            if (!_missed.Contains(variant.Kernel))
            {
                _missed.Add(variant.Kernel);
            }
        }
    }

    public IReadOnlyList<KernelIdentity> Pending()
    {
        lock (_gate)
        {
            return [.. _missed];
        }
    }

}
