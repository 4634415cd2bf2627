using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Demand;

/// <summary>Collects the kernels hosts report (ReportDemand) and writes them to the store for the planner's hot set.</summary>
internal interface IDemandRecorder
{
    /// <summary>Records one host's report; returns the number of distinct kernels recorded.</summary>
    int Record(string hostId, IReadOnlyList<KernelIdentity> installed, IReadOnlyList<KernelIdentity> missed);

    /// <summary>Writes what was recorded since the last flush; nothing when nothing was.</summary>
    /// <exception cref="KernelAgent.Store.Backends.StoreException">The store failed; the demand is kept for the next flush.</exception>
    Task FlushAsync(CancellationToken cancellationToken);
}
