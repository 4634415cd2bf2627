using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Demand;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Matrix.Planning;
using KernelAgent.BuildFarm.Matrix.Policy;
using KernelAgent.Store.Backends;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Matrix.Scheduling;

/// <summary>
/// Runs <see cref="PrebuildTick"/> inside <c>serve</c>, every <see cref="PrebuildSchedulerOptions.Interval"/> plus up
/// to <see cref="PrebuildSchedulerOptions.Jitter"/>. Inside the serving process rather than a systemd timer: its builds
/// go through the serving farm's coordinator, so a prebuild and an agent's miss for the same kernel are one build on
/// one bounded worker pool, and its lag histogram is on the farm's own /metrics.
/// </summary>
internal sealed class PrebuildScheduler(PrebuildTick tick, IOptions<PrebuildSchedulerOptions> options, TimeProvider time, ILogger<PrebuildScheduler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled || string.IsNullOrEmpty(settings.Policy))
        {
            PrebuildLog.Off(logger, settings.Enabled ? "no policy configured (Prebuild:Policy)" : "Prebuild:Enabled is false");
            return;
        }

        try
        {
            await Task.Delay(settings.FirstTickDelay + Jitter(settings), time, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await TickAsync(stoppingToken);
                await Task.Delay(settings.Interval + Jitter(settings), time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The farm is stopping; a run cut short is done again by the next start's first tick.
        }
    }

    private static TimeSpan Jitter(PrebuildSchedulerOptions settings) =>
        settings.Jitter > TimeSpan.Zero ? TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * settings.Jitter.TotalMilliseconds) : TimeSpan.Zero;

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        try
        {
            await tick.RunAsync(stoppingToken);
        }
        catch (Exception e) when (e is PolicyValidationException or MatrixDocumentException or DemandDocumentException or MatrixPlanException
            or StoreException or HeaderSourceException or ExternalToolException or IOException or UnauthorizedAccessException)
        {
            PrebuildLog.TickFailed(logger, e.Message);
        }
    }
}
