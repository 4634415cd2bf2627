using System.Threading.RateLimiting;

namespace KernelAgent.BuildFarm.Auth;

/// <summary>
/// Each caller's request rate: a token bucket per identity (its rule's RequestBurst, refilled at RequestsPerMinute),
/// from System.Threading.RateLimiting. Idle buckets are dropped by the limiter itself.
/// </summary>
internal sealed class CallerRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<Caller> _limiter = PartitionedRateLimiter.Create<Caller, string>(caller =>
        caller.Rule.RequestsPerMinute == 0
            ? RateLimitPartition.GetNoLimiter(string.Empty)
            : RateLimitPartition.GetTokenBucketLimiter(caller.Rule.Name + "\n" + caller.Identity, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = caller.Rule.RequestBurst,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromMinutes(1) / caller.Rule.RequestsPerMinute,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));

    /// <summary>Null when the call may go ahead; else how long until the caller may call again.</summary>
    public TimeSpan? TryAcquire(Caller caller)
    {
        using var lease = _limiter.AttemptAcquire(caller);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero
            ? retryAfter
            : TimeSpan.FromMinutes(1) / caller.Rule.RequestsPerMinute;
    }

    public void Dispose() => _limiter.Dispose();
}
