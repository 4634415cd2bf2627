namespace KernelAgent.BuildFarm.Builds;

/// <summary>The queue holds as many builds as allowed; the caller should retry after <see cref="RetryAfter"/>.</summary>
internal sealed class BuildQueueFullException(int limit, TimeSpan retryAfter)
    : Exception($"the build queue is full ({limit} builds waiting); retry in {retryAfter.TotalSeconds:0} s")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
