using System.Collections.Concurrent;

namespace KernelAgent.BuildFarm.Builds;

/// <summary>
/// The builds a farm can name by id (GetBuild, WatchBuild, ListBuilds, CancelBuild): every running one, and the
/// newest finished ones up to a bound, so a long-running farm's memory does not grow with its build count.
/// </summary>
internal sealed class BuildHistory(int limit)
{
    private readonly ConcurrentDictionary<string, BuildJob> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<BuildJob> _order = new();

    public BuildJob? Find(string buildId) => _byId.GetValueOrDefault(buildId);

    /// <summary>Newest first.</summary>
    public IReadOnlyList<BuildJob> List() =>
        _byId.Values.OrderByDescending(j => j.Created).ThenByDescending(j => j.Id, StringComparer.Ordinal).ToList();

    public IEnumerable<BuildJob> Running() => _byId.Values.Where(j => !j.IsTerminal);

    /// <summary>Adds a build, then drops the oldest finished ones beyond the bound; a running build is never dropped.</summary>
    public void Add(BuildJob job)
    {
        _byId[job.Id] = job;
        _order.Enqueue(job);
        while (_order.Count > limit && _order.TryDequeue(out var old))
        {
            if (old.IsTerminal)
            {
                _byId.TryRemove(old.Id, out _);
            }
            else
            {
                _order.Enqueue(old);
                break;
            }
        }
    }
}
