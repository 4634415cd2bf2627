using KernelAgent.BuildFarm.Builds;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Logging;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Backends.FileSystem;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Maintenance;

/// <summary>
/// At start and every <see cref="LeftoverOptions.Interval"/>: removes temp files a killed write left in a
/// directory store and in the headers cache, headers cache work folders, and the work folders of builds that are
/// not running (a killed farm's), logging each removal. Temp files and work folders must be older than
/// <see cref="LeftoverOptions.Grace"/>; build folders are known to be in use or not.
/// </summary>
internal sealed partial class LeftoverSweeper(
    IArtifactStore store,
    IOptions<HeaderCacheOptions> headerCache,
    IOptions<LeftoverOptions> options,
    BuildFolders buildFolders,
    TimeProvider time,
    ILogger<LeftoverSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            Sweep();
        }
        while (await NextTickAsync(timer, stoppingToken));
    }

    /// <summary>One sweep; returns every path removed.</summary>
    public IReadOnlyList<string> Sweep()
    {
        var cutoff = time.GetUtcNow() - options.Value.Grace;
        var removed = new List<string>();
        if (store.Location.IsFile)
        {
            removed.AddRange(Leftovers.RemoveTempFiles(Path.GetFullPath(store.Location.LocalPath), cutoff));
        }

        var cache = Path.GetFullPath(headerCache.Value.Directory);
        removed.AddRange(Leftovers.RemoveTempFiles(cache, cutoff));
        removed.AddRange(Leftovers.RemoveFolders(Path.Join(cache, "tmp"), cutoff, _ => true));
        removed.AddRange(Leftovers.RemoveFolders(buildFolders.Root, DateTimeOffset.MaxValue, f => !buildFolders.IsActive(f)));
        foreach (var path in removed)
        {
            LogRemoved(path);
        }

        if (removed.Count > 0)
        {
            LogSwept(removed.Count);
        }

        return removed;
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = FarmEventIds.LeftoverRemoved, Level = LogLevel.Information, Message = "Removed leftover {Path} (a killed write or build)")]
    private partial void LogRemoved(string path);

    [LoggerMessage(EventId = FarmEventIds.LeftoversSwept, Level = LogLevel.Information, Message = "Leftover sweep removed {Count} files and folders")]
    private partial void LogSwept(int count);
}
