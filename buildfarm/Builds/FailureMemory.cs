using KernelAgent.Protocol.V1;

namespace KernelAgent.BuildFarm.Builds;

/// <summary>
/// Recent build failures by variant content key, each kept until its time is up (Builds:FailureMemory), so a fleet
/// missing the same broken kernel does not rebuild it over and over. Keeps only what answers a request (the request,
/// the build id and its terminal event), never the build's whole event log; at most a bounded number of entries:
/// expired ones are swept (also periodically, by the coordinator), and beyond the bound the one nearest its end
/// goes first. Not thread-safe: the coordinator changes it under its lock.
/// </summary>
internal sealed class FailureMemory(int limit)
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    /// <summary>Remembers a failed build until <paramref name="until"/>, replacing the variant's earlier failure.</summary>
    public void Remember(BuildJob failed, BuildEvent terminal, DateTimeOffset until, DateTimeOffset now, string? driverSha256)
    {
        if (!_entries.ContainsKey(failed.Variant.ContentKey) && _entries.Count >= limit)
        {
            Sweep(now);
            if (_entries.Count >= limit)
            {
                _entries.Remove(_entries.MinBy(e => e.Value.Until).Key);
            }
        }

        _entries[failed.Variant.ContentKey] = new Entry(failed.Id, failed.Request, terminal, until, driverSha256);
    }

    /// <summary>
    /// The remembered failure of the request's variant as a finished job (its id and terminal event, as first
    /// streamed), or null when there is none that serves the request; an expired one, or one that happened with
    /// another driver source than <paramref name="driverSha256"/> (a changed registration), is forgotten here.
    /// </summary>
    public BuildJob? Recall(VariantBuildRequest request, DateTimeOffset now, TimeProvider time, string? driverSha256)
    {
        if (!_entries.TryGetValue(request.Variant.ContentKey, out var entry))
        {
            return null;
        }

        if (entry.Until <= now || entry.DriverSha256 != driverSha256)
        {
            _entries.Remove(request.Variant.ContentKey);
            return null;
        }

        if (!request.IsServedBy(entry.Request))
        {
            return null;
        }

        var job = new BuildJob(entry.BuildId, entry.Request, time);
        job.Replay(entry.Terminal);
        return job;
    }

    /// <summary>Forgets every failure whose time is up; returns how many.</summary>
    public int Sweep(DateTimeOffset now)
    {
        var expired = _entries.Where(e => e.Value.Until <= now).Select(e => e.Key).ToList();
        expired.ForEach(key => _entries.Remove(key));
        return expired.Count;
    }

    private sealed record Entry(string BuildId, VariantBuildRequest Request, BuildEvent Terminal, DateTimeOffset Until, string? DriverSha256);
}
