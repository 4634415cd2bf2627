using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Demand;

/// <summary>A kernel hosts reported, aggregated over the reports the hot set considers.</summary>
/// <param name="Kernel">The exact identity the hosts reported.</param>
/// <param name="Hosts">Distinct hosts that reported it.</param>
/// <param name="LastSeen">The newest report.</param>
/// <param name="Missed">Whether any host missed an artifact for it (rather than only having it installed).</param>
internal sealed record DemandedKernel(KernelIdentity Kernel, int Hosts, DateTimeOffset LastSeen, bool Missed);
