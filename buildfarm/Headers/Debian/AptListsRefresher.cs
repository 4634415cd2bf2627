using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Headers.Debian;

/// <summary>
/// Keeps the serving farm's Debian package lists fresh: at start when there are none, then every
/// <see cref="DebianHeaderSourceOptions.RefreshInterval"/> it runs apt-get update when the lists are that old, so a cold miss finds its kernel's packages without waiting for
/// the update (8 s and more on a busy machine). A failed refresh is logged; resolutions keep using the lists there are.
/// </summary>
internal sealed class AptListsRefresher(
    DebianHeaderSource source,
    IOptions<DebianHeaderSourceOptions> options,
    TimeProvider time,
    ILogger<AptListsRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.RefreshInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        // Start-up finishes first: the refresh is work beside serving, not part of it.
        await Task.Yield();
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            // Lists an earlier run left are refreshed at the first tick, or by the first resolution that reads them once its
            // own apt calls are done: refreshed now, they would change under that resolution's calls and slow each one.
            if (!source.HasLists)
            {
                await RefreshAsync(stoppingToken);
            }

            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RefreshAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The farm is stopping.
        }
    }

    private async Task RefreshAsync(CancellationToken stoppingToken)
    {
        try
        {
            await source.RefreshListsAsync(stoppingToken);
        }
        catch (HeaderSourceException e)
        {
            HeadersLog.AptListsRefreshFailed(logger, source.AptRoot, e.Message);
        }
    }
}
