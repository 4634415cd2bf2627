namespace KernelAgent.BuildFarm.Matrix.Policy;

/// <summary>
/// Kernels hosts reported (installed but not running, or missed) are prebuilt even outside the release window,
/// as long as they are in a target's scope otherwise.
/// </summary>
/// <param name="Enabled">Whether demand is used at all.</param>
/// <param name="MaxAgeDays">Reports older than this are ignored.</param>
/// <param name="MinHosts">A kernel needs reports from at least this many distinct hosts.</param>
/// <param name="MaxEntries">At most this many kernels join the matrix through demand (those with most hosts first).</param>
internal sealed record HotSetPolicy(bool Enabled, int MaxAgeDays, int MinHosts, int MaxEntries)
{
    public static HotSetPolicy Default { get; } = new(false, 14, 1, 500);
}
