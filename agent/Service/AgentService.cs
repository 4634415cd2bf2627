using KernelAgent.Agent.Loading;
using KernelAgent.Agent.Logging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Service;

/// <summary>
/// <c>kernel-agent run</c> under systemd (Type=notify). The first pass runs inside StartAsync, so the host's
/// systemd lifetime sends READY=1 only once the module is loaded or a definite failure state is reached;
/// STATUS= says which. A failed state is retried every RetryInterval. WATCHDOG=1 is sent at half of
/// WATCHDOG_USEC when the unit sets WatchdogSec (sd_watchdog_enabled(3)).
/// </summary>
internal sealed partial class AgentService(
    AgentPass pass,
    InstalledKernelPrefetch prefetch,
    Demand.DemandReporter demand,
    Identity.IKernelIdentityProbe identity,
    IModuleLoader loader,
    ISystemdNotifier notifier,
    IOptions<AgentOptions> options,
    TimeProvider time,
    ILogger<AgentService> logger) : IHostedService, IDisposable
{
    /// <summary>While running, how often the agent looks for a change worth reporting (a kernel installed since).</summary>
    internal static readonly TimeSpan DemandCheckPeriod = TimeSpan.FromMinutes(10);

    /// <summary>systemd.exec(5): the manager sets WATCHDOG_USEC when WatchdogSec= is configured.</summary>
    private const string WatchdogVariable = "WATCHDOG_USEC";

    private readonly CancellationTokenSource _stopping = new();
    private Task _background = Task.CompletedTask;
    private ITimer? _watchdog;

    public PassResult? Last { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        StartWatchdog();
        Notify("STATUS=resolving the module for this kernel");
        using var extend = time.CreateTimer(_ => Notify("EXTEND_TIMEOUT_USEC=90000000"), null, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        Last = await pass.RunAsync(options.Value.Load, cancellationToken);
        Notify("STATUS=" + StatusLine(Last));
        _background = PassOutcomes.IsSuccess(Last.Outcome) ? AfterSuccessAsync(_stopping.Token) : RetryAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        LogStopping();
        await _stopping.CancelAsync();
        try
        {
            await _background.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        if (options.Value.UnloadOnStop && Last?.Outcome is PassOutcome.Loaded or PassOutcome.AlreadyLoaded)
        {
            try
            {
                await loader.UnloadAsync(options.Value.DriverName, cancellationToken);
            }
            catch (ModuleUnloadException)
            {
                // Logged by the loader; a busy module stays loaded, which is the safe side.
            }
        }
    }

    public void Dispose()
    {
        _watchdog?.Dispose();
        _stopping.Dispose();
    }

    private async Task RetryAsync(CancellationToken cancellationToken)
    {
        // A failed pass is most often a miss: the farm hears of it before the host waits for the next try.
        await demand.ReportAsync(cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(options.Value.RetryInterval, time, cancellationToken);
            try
            {
                Last = await pass.RunAsync(options.Value.Load, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Keep retrying: a pass that threw is one more failure, not the end of the service.
                LogRetryFailed(e.Message);
                continue;
            }

            Notify("STATUS=" + StatusLine(Last));
            if (PassOutcomes.IsSuccess(Last.Outcome))
            {
                await AfterSuccessAsync(cancellationToken);
                return;
            }

            await demand.ReportAsync(cancellationToken);
        }
    }

    /// <summary>Prefetch, then report demand now and whenever it changes or the report interval has passed.</summary>
    private async Task AfterSuccessAsync(CancellationToken cancellationToken)
    {
        await PrefetchAsync(cancellationToken);
        await demand.ReportAsync(cancellationToken);
        if (!demand.IsEnabled)
        {
            return;
        }

        var period = options.Value.Farm.DemandReportInterval < DemandCheckPeriod ? options.Value.Farm.DemandReportInterval : DemandCheckPeriod;
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(period, time, cancellationToken);
            await demand.ReportAsync(cancellationToken);
        }
    }

    private async Task PrefetchAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.PrefetchInstalledKernels)
        {
            return;
        }

        try
        {
            await prefetch.RunAsync(identity.Probe().Kernel, cancellationToken);
        }
        catch (Identity.IdentityException)
        {
            // The pass that just succeeded read the same identity; a change in between is retried next start.
        }
    }

    private void StartWatchdog()
    {
        if (!long.TryParse(Environment.GetEnvironmentVariable(WatchdogVariable), out var usec) || usec <= 0)
        {
            return;
        }

        var interval = TimeSpan.FromMicroseconds(usec / 2.0);
        _watchdog = time.CreateTimer(_ => Notify("WATCHDOG=1"), null, TimeSpan.Zero, interval);
        LogWatchdog(interval.TotalSeconds);
    }

    private void Notify(string state)
    {
        if (notifier.IsEnabled)
        {
            notifier.Notify(new ServiceState(state));
        }
    }

    internal static string StatusLine(PassResult result) =>
        $"{PassOutcomes.Word(result.Outcome)}: {result.Message}".ReplaceLineEndings(" ");

    [LoggerMessage(EventId = AgentEventIds.RetryFailed, Level = LogLevel.Error, Message = "a retry pass failed unexpectedly: {Detail}")]
    private partial void LogRetryFailed(string detail);

    [LoggerMessage(EventId = AgentEventIds.ServiceStopping, Level = LogLevel.Information, Message = "kernel-agent is stopping")]
    private partial void LogStopping();

    [LoggerMessage(EventId = AgentEventIds.WatchdogEnabled, Level = LogLevel.Information, Message = "systemd watchdog enabled: pinging every {IntervalSeconds:0.0} s")]
    private partial void LogWatchdog(double intervalSeconds);
}
