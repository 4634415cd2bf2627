using KernelAgent.Agent.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;

namespace KernelAgent.Agent.Service;

/// <summary>
/// Builds the agent's host. Configuration, later sources winning: <c>/etc/kernel-agent/agent.json</c> (or
/// --config), then <c>/etc/kernel-agent/conf.d/*.json</c> in name order, then <c>KERNEL_AGENT_</c> environment
/// variables (e.g. <c>KERNEL_AGENT_Agent__Farm__Address</c>), then command-line overrides.
/// </summary>
internal static class AgentHost
{
    public const string DefaultConfigFile = "/etc/kernel-agent/agent.json";
    public const string EnvironmentPrefix = "KERNEL_AGENT_";

    /// <summary>sd_notify(3): the datagram socket the service manager listens on.</summary>
    public const string NotifySocketVariable = "NOTIFY_SOCKET";

    public static IHost Build(string? configFile, IReadOnlyDictionary<string, string?> overrides, bool service, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "kernel-agent" });
        AddConfiguration(builder.Configuration, configFile, overrides);
        builder.Logging.AddAgentLogging(LoggingOptions(builder.Configuration));
        builder.Services.AddKernelAgent(builder.Configuration);
        configure?.Invoke(builder.Services);
        if (service)
        {
            AddSystemdNotify(builder.Services);
            builder.Services.AddHostedService<AgentService>();
        }

        return builder.Build();
    }

    /// <summary>The configuration sources, later ones winning (see the type's summary).</summary>
    public static IConfigurationBuilder AddConfiguration(IConfigurationBuilder configuration, string? configFile, IReadOnlyDictionary<string, string?> overrides)
    {
        var file = configFile ?? DefaultConfigFile;
        configuration.AddJsonFile(file, optional: configFile is null);
        var confD = Path.Join(Path.GetDirectoryName(file)!, "conf.d");
        if (Directory.Exists(confD))
        {
            foreach (var part in Directory.EnumerateFiles(confD, "*.json").Order(StringComparer.Ordinal))
            {
                configuration.AddJsonFile(part, optional: true);
            }
        }

        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        configuration.AddInMemoryCollection(overrides);
        return configuration;
    }

    /// <summary>Logs go to the journal of the host root's systemd (a container sees the host's elsewhere).</summary>
    public static AgentLoggingOptions LoggingOptions(IConfiguration configuration) =>
        new() { HostRoot = configuration[$"{AgentOptions.Section}:HostRoot"] ?? "/" };

    /// <summary>
    /// AddSystemd() registers the notifier and the Type=notify lifetime only when the parent process is named
    /// "systemd" (or we are PID 1). sd_notify(3) decides by NOTIFY_SOCKET alone, and so does the agent: behind an
    /// init shim in a container (podman --init --sdnotify=container) the parent is not systemd, yet READY=1 is
    /// expected. Outside systemd the notifier is registered disabled, so the service runs from a terminal too.
    /// </summary>
    private static void AddSystemdNotify(IServiceCollection services)
    {
        services.AddSystemd();
        if (!SystemdHelpers.IsSystemdService() && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(NotifySocketVariable)))
        {
            services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
            services.AddSingleton<IHostLifetime, SystemdLifetime>();
        }

        services.TryAddSingleton<ISystemdNotifier, SystemdNotifier>();
    }
}
