namespace KernelAgent.BuildFarm.Demand;

/// <summary>The farm holds as much demand as it may (until the next flush, or the next day); the caller retries after <see cref="RetryAfter"/>.</summary>
internal sealed class DemandCapacityException(string message, TimeSpan retryAfter) : Exception(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
