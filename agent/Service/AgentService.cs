using KernelAgent.Agent.Loading;
using KernelAgent.Agent.Logging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Service;

/// <summary>
/// <c>kernel-agent run</c> under systemd (Type=notify). The pass loop runs in the background from the start; StartAsync
/// returns, and the host's systemd lifetime sends READY=1, when the first pass has ended or Agent:StartBudget has passed,
/// whichever comes first, so the agent never holds the boot. STATUS= says what the loop is doing or waiting for, then
/// how the last pass ended; a failed pass is retried every RetryInterval. WATCHDOG=1 is sent at half of WATCHDOG_USEC
/// (sd_watchdog_enabled(3)), and only while the current step of the loop is within its time (<see cref="PassHeartbeat"/>).
/// </summary>
internal sealed partial class AgentService(
    AgentPass pass,
    InstalledKernelPrefetch prefetch,
    Demand.DemandReporter demand,
    Identity.IKernelIdentityProbe identity,
    IModuleLoader loader,
    ISystemdNotifier notifier,
    PassHeartbeat heartbeat,
    IOptions<AgentOptions> options,
    TimeProvider time,
    ILogger<AgentService> logger) : IHostedService, IDisposable
{
    /// <summary>While running, how often the agent looks for a change worth reporting (a kernel installed since).</summary>
    internal static readonly TimeSpan DemandCheckPeriod = TimeSpan.FromMinutes(10);

    /// <summary>systemd.exec(5): the manager sets WATCHDOG_USEC when WatchdogSec= is configured.</summary>
    private const string WatchdogVariable = "WATCHDOG_USEC";

    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _firstPass = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _loop = Task.CompletedTask;
    private ITimer? _watchdog;
    private int _watchdogWithheld;
    private PassResult? _last;

    /// <summary>WATCHDOG_USEC as the service manager set it; tests set their own.</summary>
    internal string? WatchdogUsec { get; set; } = Environment.GetEnvironmentVariable(WatchdogVariable);

    /// <summary>How the last pass ended; null until the first has.</summary>
    public PassResult? Last
    {
        get => Volatile.Read(ref _last);
        private set => Volatile.Write(ref _last, value);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        heartbeat.Observer = activity => Notify("STATUS=" + activity);
        StartWatchdog();
        Notify("STATUS=resolving the module for this kernel");

        // On the thread pool: a pass that blocks its thread must hold neither StartAsync nor READY=1.
        _loop = Task.Run(() => LoopAsync(_stopping.Token), CancellationToken.None);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var first = _firstPass.Task;
        var winner = await Task.WhenAny(first, Task.Delay(options.Value.StartBudget, time, budget.Token));
        await budget.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        if (winner != first)
        {
            var activity = heartbeat.Activity;
            LogStartBudgetSpent(options.Value.StartBudget.TotalSeconds, activity);
            Notify("STATUS=" + activity);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        LogStopping();
        await _stopping.CancelAsync();
        try
        {
            await _loop.WaitAsync(cancellationToken);
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

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var result = await RunPassAsync(cancellationToken);
                _firstPass.TrySetResult();
                if (result is not null && PassOutcomes.IsSuccess(result.Outcome))
                {
                    await AfterSuccessAsync(cancellationToken);
                    return;
                }

                // A failed pass is most often a miss: the farm hears of it before the host waits for the next try.
                await ReportDemandAsync(cancellationToken);
                var retry = options.Value.RetryInterval;
                heartbeat.Beat($"waiting {retry} before the next pass", retry + PassTimes.Grace);
                await Task.Delay(retry, time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _firstPass.TrySetResult();
        }
    }

    private async Task<PassResult?> RunPassAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await pass.RunAsync(options.Value.Load, cancellationToken);
            Last = result;
            Notify("STATUS=" + StatusLine(result));
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Keep retrying: a pass that threw is one more failure, not the end of the service.
            LogPassThrew(e.Message);
            Notify("STATUS=the last pass failed unexpectedly: " + e.Message.ReplaceLineEndings(" "));
            return null;
        }
    }

    /// <summary>Prefetch, then report demand now and whenever it changes or the report interval has passed.</summary>
    private async Task AfterSuccessAsync(CancellationToken cancellationToken)
    {
        if (options.Value.PrefetchInstalledKernels)
        {
            await PrefetchAsync(cancellationToken);

            // Prefetching reported its own steps; the unit's status is the running kernel's again.
            if (Last is { } last)
            {
                Notify("STATUS=" + StatusLine(last));
            }
        }

        await ReportDemandAsync(cancellationToken);
        if (!demand.IsEnabled)
        {
            heartbeat.Beat("idle: the module is loaded", TimeSpan.MaxValue);
            return;
        }

        var period = options.Value.Farm.DemandReportInterval < DemandCheckPeriod ? options.Value.Farm.DemandReportInterval : DemandCheckPeriod;
        while (true)
        {
            heartbeat.Beat("idle until the next demand report", period + PassTimes.Grace);
            await Task.Delay(period, time, cancellationToken);
            await ReportDemandAsync(cancellationToken);
        }
    }

    private async Task ReportDemandAsync(CancellationToken cancellationToken)
    {
        heartbeat.Beat("reporting this host's kernels to the build farm", options.Value.Farm.CallTimeout + PassTimes.Grace);
        await demand.ReportAsync(cancellationToken);
    }

    private async Task PrefetchAsync(CancellationToken cancellationToken)
    {
        try
        {
            heartbeat.Beat("reading the kernel identity", PassTimes.Identity);
            await prefetch.RunAsync(identity.Probe().Kernel, cancellationToken);
        }
        catch (Identity.IdentityException)
        {
            // The pass that just succeeded read the same identity; a change in between is retried next start.
        }
    }

    private void StartWatchdog()
    {
        if (!long.TryParse(WatchdogUsec, out var usec) || usec <= 0)
        {
            return;
        }

        var interval = TimeSpan.FromMicroseconds(usec / 2.0);
        _watchdog = time.CreateTimer(_ => PingWhileAlive(), null, TimeSpan.Zero, interval);
        LogWatchdog(interval.TotalSeconds);
    }

    /// <summary>A ping says the loop is alive; while a step has overrun its time none is sent, and systemd's watchdog acts.</summary>
    private void PingWhileAlive()
    {
        var stall = heartbeat.Stall();
        if (stall is null)
        {
            if (Interlocked.Exchange(ref _watchdogWithheld, 0) == 1)
            {
                LogWatchdogResumed(heartbeat.Activity);
            }

            Notify("WATCHDOG=1");
            return;
        }

        if (Interlocked.Exchange(ref _watchdogWithheld, 1) == 0)
        {
            LogWatchdogWithheld(stall.Activity, stall.Allowed.ToString(), stall.Overdue.TotalSeconds);
        }
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

    [LoggerMessage(EventId = AgentEventIds.RetryFailed, Level = LogLevel.Error, Message = "a pass failed unexpectedly; trying again after the retry interval: {Detail}")]
    private partial void LogPassThrew(string detail);

    [LoggerMessage(EventId = AgentEventIds.ServiceStopping, Level = LogLevel.Information, Message = "kernel-agent is stopping")]
    private partial void LogStopping();

    [LoggerMessage(EventId = AgentEventIds.WatchdogEnabled, Level = LogLevel.Information, Message = "systemd watchdog enabled: pinging every {IntervalSeconds:0.0} s while the pass loop keeps to its times")]
    private partial void LogWatchdog(double intervalSeconds);

    [LoggerMessage(EventId = AgentEventIds.StartBudgetSpent, Level = LogLevel.Warning, Message = "the module is not loaded after the start budget of {BudgetSeconds:0} s; reporting ready and trying on in the background: {Activity}")]
    private partial void LogStartBudgetSpent(double budgetSeconds, string activity);

    [LoggerMessage(EventId = AgentEventIds.WatchdogWithheld, Level = LogLevel.Error, Message = "the pass loop is stuck ({Activity}: allowed {Allowed}, overdue by {OverdueSeconds:0} s); watchdog pings stop so that systemd restarts the agent")]
    private partial void LogWatchdogWithheld(string activity, string allowed, double overdueSeconds);

    [LoggerMessage(EventId = AgentEventIds.WatchdogResumed, Level = LogLevel.Warning, Message = "the pass loop moved on ({Activity}); watchdog pings resume")]
    private partial void LogWatchdogResumed(string activity);
}
