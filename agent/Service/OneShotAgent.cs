using KernelAgent.Agent.Demand;
using KernelAgent.Agent.Identity;
using KernelAgent.Agent.Loading;
using KernelAgent.Agent.Logging;
using KernelAgent.Agent.Resolution;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace KernelAgent.Agent.Service;

/// <summary>
/// The pass and the demand report of <c>kernel-agent once</c>, composed by hand from the same configuration, options,
/// validation and logging as <see cref="AgentHost"/>. A one-shot process runs one pass and exits: building the
/// service's generic host and resolving its dependency-injection graph (NativeAOT builds every open generic the
/// container closes at run time) cost several times the pass itself. <c>run</c> keeps the host; both build the
/// resolver and the farm client through <see cref="AgentServiceCollectionExtensions"/>, and a test compares the two
/// object graphs (OneShotAgentCompositionTests), so a component added to one path fails until the other has it.
/// </summary>
internal sealed class OneShotAgent : IDisposable
{
    private readonly ILoggerFactory _loggers;

    private OneShotAgent(AgentOptions options, ILoggerFactory loggers, AgentPass pass, DemandReporter demand)
    {
        Options = options;
        _loggers = loggers;
        Pass = pass;
        Demand = demand;
    }

    public AgentOptions Options { get; }

    public AgentPass Pass { get; }

    public DemandReporter Demand { get; }

    /// <param name="configFile">--config, or null for the default file.</param>
    /// <param name="overrides">Command-line values, winning over every other source.</param>
    /// <param name="postConfigure">Applied after binding and path resolution, before validation (as PostConfigure is).</param>
    /// <exception cref="OptionsValidationException">Every configuration problem, as the host reports them.</exception>
    public static OneShotAgent Create(string? configFile, IReadOnlyDictionary<string, string?> overrides, Action<AgentOptions>? postConfigure = null)
    {
        var configuration = AgentHost.AddConfiguration(new ConfigurationBuilder(), configFile, overrides).Build();
        var options = BindAndValidate(configuration, postConfigure);
        var loggers = AgentLoggingExtensions.CreateLoggerFactory(AgentHost.LoggingOptions(configuration));
        try
        {
            return Compose(options, loggers);
        }
        catch
        {
            loggers.Dispose();
            throw;
        }
    }

    /// <summary>Flushes the log sink.</summary>
    public void Dispose() => _loggers.Dispose();

    private static AgentOptions BindAndValidate(IConfiguration configuration, Action<AgentOptions>? postConfigure)
    {
        var options = new AgentOptions();
        AgentOptionsBinder.Bind(configuration, options);
        AgentPaths.MakeAbsolute(options);
        postConfigure?.Invoke(options);
        var result = new AgentOptionsValidator().Validate(MsOptions.DefaultName, options);
        return result.Failed
            ? throw new OptionsValidationException(MsOptions.DefaultName, typeof(AgentOptions), result.Failures)
            : options;
    }

    private static OneShotAgent Compose(AgentOptions o, ILoggerFactory loggers)
    {
        var time = TimeProvider.System;
        var wrapped = MsOptions.Create(o);
        var root = new HostRoot(o.HostRoot);
        var identity = new KernelIdentityProbe(
            root, MsOptions.Create(new KernelIdentityProbeOptions()), loggers.CreateLogger<KernelIdentityProbe>());
        var heartbeat = new PassHeartbeat(time);
        var ledger = new DemandLedger();
        var farm = AgentServiceCollectionExtensions.CreateFarmClient(o, time, loggers, heartbeat);
        var installed = new InstalledArtifacts(o.HostRoot, o.StateDirectory);
        var resolver = AgentServiceCollectionExtensions.CreateResolver(o, time, loggers, farm, ledger, heartbeat, installed);
        var installerOptions = MsOptions.Create(new ModuleInstallerOptions { HostRoot = o.HostRoot, StateDirectory = o.StateDirectory });
        var installedModules = new InstalledModuleStore(installerOptions);
        var installer = new ModuleInstaller(installerOptions, installedModules, time, loggers.CreateLogger<ModuleInstaller>());
        var loader = new FinitModuleLoader(
            MsOptions.Create(new ModuleLoaderOptions { HostRoot = o.HostRoot }), loggers.CreateLogger<FinitModuleLoader>());
        var pass = new AgentPass(
            identity, resolver, installer, loader, installed, wrapped, new PassRecordStore(wrapped),
            new AgentLeftovers(wrapped, installedModules, time, loggers.CreateLogger<AgentLeftovers>()), time, loggers.CreateLogger<AgentPass>(), heartbeat);
        var demand = new DemandReporter(
            identity, new InstalledKernelScanner(root), farm, ledger, new DemandReportRecord(wrapped), root, wrapped, time,
            loggers.CreateLogger<DemandReporter>());
        return new OneShotAgent(o, loggers, pass, demand);
    }
}
