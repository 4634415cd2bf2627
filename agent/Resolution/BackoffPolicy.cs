namespace KernelAgent.Agent.Resolution;

/// <summary>
/// Jittered exponential backoff ("full jitter": a uniform wait between zero and the exponential cap), so
/// a fleet that lost the farm at the same instant does not come back in lockstep. A server's own retry
/// delay (google.rpc.RetryInfo) is a floor the agent never undercuts.
/// </summary>
internal sealed class BackoffPolicy(TimeSpan initial, TimeSpan maximum, Func<double> random)
{
    public BackoffPolicy(TimeSpan initial, TimeSpan maximum)
        : this(initial, maximum, Random.Shared.NextDouble)
    {
    }

    public TimeSpan Initial { get; } = initial;

    public TimeSpan Maximum { get; } = maximum;

    /// <summary>The wait before retry number <paramref name="attempt"/> (1 = first retry).</summary>
    public TimeSpan Delay(int attempt, TimeSpan? serverDelay = null)
    {
        var cap = Initial.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        cap = Math.Min(cap, Maximum.TotalMilliseconds);
        var wait = TimeSpan.FromMilliseconds(cap * random());
        return serverDelay is { } floor && floor > wait ? floor : wait;
    }
}
