using KernelAgent.Agent.Demand;
using KernelAgent.Agent.Identity;
using KernelAgent.Agent.Loading;
using KernelAgent.Agent.Resolution;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Backends;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Service;

/// <summary>The agent's one DI entry point: options (validated at start) and every feature behind them.</summary>
internal static class AgentServiceCollectionExtensions
{
    public static IServiceCollection AddKernelAgent(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AgentOptions>().Configure(options => AgentOptionsBinder.Bind(configuration, options))
            .PostConfigure(AgentPaths.MakeAbsolute).ValidateOnStart();
        services.TryAddSingleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddHostIdentity();
        services.AddModuleLoading();
        services.AddOptions<HostRootOptions>().Configure<IOptions<AgentOptions>>((o, agent) => o.Path = agent.Value.HostRoot);
        services.AddOptions<ModuleLoaderOptions>().Configure<IOptions<AgentOptions>>((o, agent) => o.HostRoot = agent.Value.HostRoot);
        services.AddOptions<ModuleInstallerOptions>().Configure<IOptions<AgentOptions>>((o, agent) =>
        {
            o.HostRoot = agent.Value.HostRoot;
            o.StateDirectory = agent.Value.StateDirectory;
        });

        services.TryAddSingleton<PassHeartbeat>();
        services.TryAddSingleton<IResolutionProgress>(provider => provider.GetRequiredService<PassHeartbeat>());
        services.TryAddSingleton<IFarmClient>(CreateFarmClient);
        services.TryAddSingleton<DemandLedger>();
        services.TryAddSingleton<IMissListener>(provider => provider.GetRequiredService<DemandLedger>());
        services.TryAddSingleton<DemandReportRecord>();
        services.TryAddSingleton<DemandReporter>();
        services.TryAddSingleton(provider =>
        {
            var agent = provider.GetRequiredService<IOptions<AgentOptions>>().Value;
            return new InstalledArtifacts(agent.HostRoot, agent.StateDirectory);
        });
        services.TryAddSingleton<IHostArtifactResolver>(CreateResolver);
        services.TryAddSingleton<PassRecordStore>();
        services.TryAddSingleton<AgentLeftovers>();
        services.TryAddSingleton<AgentPass>();
        services.TryAddSingleton<InstalledKernelPrefetch>();
        services.TryAddSingleton<ModuleReadiness>();
        return services;
    }

    private static HostArtifactResolver CreateResolver(IServiceProvider services) => CreateResolver(
        services.GetRequiredService<IOptions<AgentOptions>>().Value,
        services.GetRequiredService<TimeProvider>(),
        services.GetRequiredService<ILoggerFactory>(),
        services.GetRequiredService<IFarmClient>(),
        services.GetRequiredService<IMissListener>(),
        services.GetRequiredService<IResolutionProgress>(),
        services.GetRequiredService<InstalledArtifacts>());

    /// <summary>The resolver of the service and of <see cref="OneShotAgent"/>: one place builds it from the options.</summary>
    internal static HostArtifactResolver CreateResolver(
        AgentOptions o, TimeProvider time, ILoggerFactory loggers, IFarmClient farm, IMissListener misses,
        IResolutionProgress progress, InstalledArtifacts installed)
    {
        var storeOptions = AgentStoreOptions.From(o);
        IArtifactStore Open(string url) => ArtifactStoreFactory.Create(url, storeOptions);
        var stores = o.Stores.Select(Open).ToList();
        var keys = TrustedKeyRing.FromDirectory(o.TrustedKeysDirectory).WithPolicy(ConfiguredPolicy(o));
        return new HostArtifactResolver(
            new ArtifactCache(o.CacheDirectory, time),
            stores,
            farm,
            Open,
            keys,
            Environment.MachineName,
            misses,
            loggers.CreateLogger<HostArtifactResolver>(),
            progress,
            installed,
            new Trust.TrustPolicySource(keys, stores, o.StateDirectory, loggers.CreateLogger<Trust.TrustPolicySource>()));
    }

    private static KernelAgent.Store.Trust.TrustPolicy ConfiguredPolicy(AgentOptions o) => new(
        0,
        o.RevokedKeys.Distinct(StringComparer.Ordinal).ToDictionary(id => id, _ => "revoked in the agent's configuration", StringComparer.Ordinal),
        new Dictionary<string, string>(o.MinimumVersions, StringComparer.Ordinal));

    private static FarmClient CreateFarmClient(IServiceProvider services) => CreateFarmClient(
        services.GetRequiredService<IOptions<AgentOptions>>().Value,
        services.GetRequiredService<TimeProvider>(),
        services.GetRequiredService<ILoggerFactory>(),
        services.GetRequiredService<IResolutionProgress>());

    internal static FarmClient CreateFarmClient(AgentOptions o, TimeProvider time, ILoggerFactory loggers, IResolutionProgress progress) =>
        new(FarmClient.CreateClient(o.Farm), o.Farm, new BackoffPolicy(o.Farm.InitialBackoff, o.Farm.MaxBackoff), time, loggers.CreateLogger<FarmClient>(), progress);
}
