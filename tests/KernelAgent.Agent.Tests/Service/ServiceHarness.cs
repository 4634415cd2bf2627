using System.Text.Json.Nodes;
using KernelAgent.Agent.Identity;
using KernelAgent.Agent.Loading;
using KernelAgent.Agent.Resolution;
using KernelAgent.Agent.Service;
using KernelAgent.Agent.Tests.Loading;
using KernelAgent.Agent.Tests.Resolution;
using KernelAgent.Agent.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace KernelAgent.Agent.Tests.Service;

/// <summary>
/// <c>kernel-agent run</c>'s host as the agent builds it (AddKernelAgent, the systemd lifetime that sends READY=1,
/// AgentService), over a sandbox, with fakes for time, the notify socket, the module loader and, when given, the
/// identity probe and the farm.
/// </summary>
internal sealed class ServiceHarness : IDisposable
{
    public static readonly DateTimeOffset Epoch = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    private ServiceHarness(IHost host)
    {
        Host = host;
    }

    public TimerWatchingTimeProvider Time { get; } = new(Epoch);

    public FakeModuleLoader Loader { get; } = new();

    public SynchronizedLogger<AgentService> Log { get; } = new();

    public FakeSystemdNotifier Notifier => (FakeSystemdNotifier)Host.Services.GetRequiredService<ISystemdNotifier>();

    public IHost Host { get; private set; }

    /// <summary>
    /// Builds the host; <paramref name="agent"/> adds settings (the module is loaded, demand reports are off, by default).
    /// <paramref name="watchdogUsec"/> is WATCHDOG_USEC as systemd would set it.
    /// </summary>
    public static ServiceHarness Create(
        AgentSandbox sandbox, IKernelIdentityProbe? probe = null, IFarmClient? farm = null, string? watchdogUsec = null, JsonObject? agent = null)
    {
        var settings = new JsonObject { ["Load"] = true, ["Farm"] = new JsonObject { ["ReportDemand"] = false } };
        foreach (var (key, value) in agent ?? [])
        {
            settings[key] = value?.DeepClone();
        }

        var harness = new ServiceHarness(null!);
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "kernel-agent" });
        builder.Configuration.AddJsonFile(sandbox.WriteConfig(settings));
        builder.Services.AddKernelAgent(builder.Configuration);
        builder.Services.AddSingleton<TimeProvider>(harness.Time);
        builder.Services.AddSingleton<ISystemdNotifier>(new FakeSystemdNotifier(harness.Time));
        builder.Services.AddSingleton<IModuleLoader>(harness.Loader);
        builder.Services.AddSingleton<ILogger<AgentService>>(harness.Log);
        builder.Services.AddSingleton<IKernelIdentityProbe>(probe ?? new FakeIdentityProbe(sandbox.Kernel));
        if (farm is not null)
        {
            builder.Services.AddSingleton(farm);
        }

        builder.Services.AddSingleton<IHostLifetime, SystemdLifetime>();
        builder.Services.AddHostedService(provider =>
        {
            var service = ActivatorUtilities.CreateInstance<AgentService>(provider);
            service.WatchdogUsec = watchdogUsec;
            return service;
        });
        harness.Host = builder.Build();
        return harness;
    }

    /// <summary>Moves the clock one second at a time, so each periodic timer fires once per second it passes.</summary>
    public void Advance(int seconds)
    {
        for (var i = 0; i < seconds; i++)
        {
            Time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    public static TimeSpan Elapsed(DateTimeOffset at) => at - Epoch;

    public void Dispose() => Host.Dispose();
}
