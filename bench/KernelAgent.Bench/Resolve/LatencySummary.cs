namespace KernelAgent.Bench.Resolve;

/// <summary>Calls completed in a measured window, with latency percentiles (nearest rank).</summary>
internal sealed record LatencySummary(int Callers, long Calls, long Errors, TimeSpan Window, TimeSpan P50, TimeSpan P99, TimeSpan Max)
{
    public double PerSecond => Calls / Window.TotalSeconds;

    public static LatencySummary From(int callers, TimeSpan window, long errors, List<TimeSpan> latencies)
    {
        latencies.Sort();
        TimeSpan Rank(double p) => latencies.Count == 0 ? TimeSpan.Zero : latencies[Math.Clamp((int)Math.Ceiling(p * latencies.Count) - 1, 0, latencies.Count - 1)];
        return new LatencySummary(callers, latencies.Count, errors, window, Rank(0.50), Rank(0.99), latencies.Count == 0 ? TimeSpan.Zero : latencies[^1]);
    }
}
