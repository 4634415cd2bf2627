using KernelAgent.BuildFarm.Builds;
using KernelAgent.Protocol.V1;

namespace KernelAgent.BuildFarm.ScaleOut;

/// <summary>
/// A replica's view of every build: it follows the events stream from the oldest event kept and keeps one job per
/// build, fed with that build's events in stream order, so every replica numbers them alike and GetBuild, ListBuilds
/// and WatchBuild answer the same from any replica (and from one started after the build).
/// </summary>
internal sealed class BuildEventRelay(int historyLimit, TimeProvider time)
{
    private readonly object _gate = new();
    private readonly BuildHistory _history = new(historyLimit);
    private readonly Dictionary<string, TaskCompletionSource<BuildJob>> _awaited = new(StringComparer.Ordinal);

    public BuildJob? Find(string buildId) => _history.Find(buildId);

    public IReadOnlyList<BuildJob> List() => _history.List();

    public int Queued => _history.Running().Count(j => j.State == BuildState.Queued);

    /// <summary>Adds one recorded event to its build (creating the build from its job on first sight); a malformed one is dropped.</summary>
    public void Relay(BuildEvent? recorded, string? jobText)
    {
        if (recorded is null)
        {
            return;
        }

        BuildJob? job;
        lock (_gate)
        {
            job = _history.Find(recorded.BuildId);
            if (job is null)
            {
                var (message, variant, _) = ScaleOutMessages.ReadJob(jobText);
                if (message is null || variant is null || message.BuildId != recorded.BuildId)
                {
                    return;
                }

                job = new BuildJob(message.BuildId, new VariantBuildRequest(variant, message.RequestedBy, message.BuildKey, message.Supersede), time, message.Created);
                _history.Add(job);
            }
        }

        job.Mirror(recorded);
        TaskCompletionSource<BuildJob>? waiter;
        lock (_gate)
        {
            if (_awaited.Remove(job.Id, out waiter))
            {
                waiter.TrySetResult(job);
            }
        }
    }

    /// <summary>The build once its first event has come through the stream, or null when it does not within <paramref name="timeout"/>.</summary>
    public async Task<BuildJob?> WaitForAsync(string buildId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task<BuildJob> seen;
        lock (_gate)
        {
            if (_history.Find(buildId) is { } known)
            {
                return known;
            }

            if (!_awaited.TryGetValue(buildId, out var waiter))
            {
                waiter = new TaskCompletionSource<BuildJob>(TaskCreationOptions.RunContinuationsAsynchronously);
                _awaited[buildId] = waiter;
            }

            seen = waiter.Task;
        }

        try
        {
            return await seen.WaitAsync(timeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }
}
