namespace KernelAgent.BuildFarm.Demand;

/// <summary>
/// A token bucket per caller (<see cref="DemandOptions.ReportBurst"/> tokens, refilled at
/// <see cref="DemandOptions.ReportsPerMinute"/>), on the injected clock. System.Threading.RateLimiting's partitioned
/// limiters replenish on their own wall-clock timer, which a test clock cannot drive. At most
/// <see cref="DemandOptions.MaxCallers"/> callers are tracked; beyond it the longest idle one is forgotten.
/// </summary>
internal sealed class DemandRateLimiter(DemandOptions options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly double _perSecond = options.ReportsPerMinute / 60.0;

    /// <summary>Null when the caller may report now (a token is taken); else how long until it may.</summary>
    public TimeSpan? TryTake(string caller)
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (!_buckets.TryGetValue(caller, out var bucket))
            {
                if (_buckets.Count >= options.MaxCallers)
                {
                    _buckets.Remove(_buckets.MinBy(b => b.Value.Stamp).Key);
                }

                _buckets[caller] = bucket = new Bucket(options.ReportBurst, now);
            }

            bucket.Tokens = Math.Min(options.ReportBurst, bucket.Tokens + (time.GetElapsedTime(bucket.Stamp, now).TotalSeconds * _perSecond));
            bucket.Stamp = now;
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens--;
                return null;
            }

            return TimeSpan.FromSeconds(Math.Ceiling((1 - bucket.Tokens) / _perSecond));
        }
    }

    private sealed class Bucket(double tokens, long stamp)
    {
        public double Tokens { get; set; } = tokens;

        public long Stamp { get; set; } = stamp;
    }
}
