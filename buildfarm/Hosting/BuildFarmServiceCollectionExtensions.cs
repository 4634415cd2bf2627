using KernelAgent.BuildFarm.Auth;
using KernelAgent.BuildFarm.Builds;
using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Demand;
using KernelAgent.BuildFarm.Drivers;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Headers.Roots;
using KernelAgent.BuildFarm.Maintenance;
using KernelAgent.BuildFarm.ScaleOut;
using KernelAgent.BuildFarm.Signing;
using KernelAgent.BuildFarm.State;
using KernelAgent.Store.Backends;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Hosting;

/// <summary>The farm's one DI entry point.</summary>
internal static class BuildFarmServiceCollectionExtensions
{
    /// <summary>Registers options (validated at start), the store, signing, header sources, compiler and coordinator.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The farm's configuration.</param>
    /// <param name="worker">
    /// A <c>kernel-buildfarm worker</c>: builds jobs from the JetStream work queue and coordinates nothing. Otherwise
    /// the coordinator is the in-process one (the single box), or a JetStream replica's when Nats:Url is set.
    /// </param>
    public static IServiceCollection AddBuildFarm(this IServiceCollection services, IConfiguration configuration, bool worker = false)
    {
        // The BuildFarm methods, with request bodies that do not parse refused as INVALID_ARGUMENT (see ParseFailureBinder).
        services.AddSingleton<Grpc.AspNetCore.Server.Model.IServiceMethodProvider<Api.BuildFarmService>, Api.ParseFailureBinder>();
        services.AddOptions<FarmStateOptions>().Bind(configuration.GetSection(FarmStateOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FarmServerOptions>().Bind(configuration.GetSection(FarmServerOptions.Section)).ValidateOnStart();
        services.AddOptions<BuildCoordinatorOptions>().Bind(configuration.GetSection(BuildCoordinatorOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SigningOptions>().Bind(configuration.GetSection(SigningOptions.Section));
        services.AddOptions<KernelSigningOptions>().Bind(configuration.GetSection(KernelSigningOptions.Section));
        // Relative driver sources (the bundled sample in farm.defaults.json) are relative to the farm's own folder.
        services.AddOptions<DriverRegistryOptions>().Bind(configuration.GetSection("Drivers"))
            .PostConfigure(o => o.BaseDirectory ??= AppContext.BaseDirectory);
        services.AddOptions<HeaderCacheOptions>().Bind(configuration.GetSection(HeaderCacheOptions.Section))
            .PostConfigure<IOptions<FarmStateOptions>>((cache, state) =>
            {
                if (configuration.GetSection($"{HeaderCacheOptions.Section}:Directory").Value is null)
                {
                    cache.Directory = Path.Join(state.Value.StateDirectory, "headers-cache");
                }
            });
        services.AddHeaderSourceOptions(configuration);
        services.AddOptions<HeaderRootsOptions>().Bind(configuration.GetSection(HeaderRootsOptions.Section)).ValidateOnStart();
        services.AddOptions<KbuildCompilerOptions>().Bind(configuration.GetSection("Compiler"));
        services.TryAddSingleton<IValidateOptions<FarmServerOptions>, FarmServerOptionsValidator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FarmStateOptions>, FarmStateOptionsValidator>());
        services.TryAddSingleton<IValidateOptions<HeaderRootsOptions>, HeaderRootsOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<BuildMetrics>();
        services.TryAddSingleton<PrometheusMetrics>();
        services.TryAddSingleton<IArtifactStore>(sp =>
        {
            var state = sp.GetRequiredService<IOptions<FarmStateOptions>>().Value;
            return ArtifactStoreFactory.Create(state.EffectiveStoreUrl, new ArtifactStoreOptions { S3 = state.S3, Limits = state.StoreLimits });
        });
        services.TryAddSingleton(sp => PublishedStoreUrlFor(sp));
        services.TryAddSingleton<IAttestationSigning, AttestationSigning>();
        services.TryAddSingleton<IKernelModuleSigner, SignFileKernelModuleSigner>();
        services.AddKernelHeaderSources();
        services.AddModuleCompilation();
        services.AddDriverRegistry();
        services.TryAddSingleton<HeaderRoots>();
        services.TryAddSingleton<BuildFolders>();
        services.TryAddSingleton<IModuleBuilder, KbuildModuleBuilder>();
        services.AddOptions<Published.PublishedArtifactsOptions>().Bind(configuration.GetSection(Published.PublishedArtifactsOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<Published.IPublishedArtifacts, Published.PublishedArtifacts>();
        services.TryAddSingleton<BuildAdmission>();
        services.AddNatsOptions(configuration);
        if (worker)
        {
            services.AddJetStreamWorker();
        }
        else if (ScaleOutServiceCollectionExtensions.NatsConfigured(configuration))
        {
            services.AddJetStreamCoordinator();
        }
        else
        {
            services.TryAddSingleton<BuildCoordinator>();
            services.TryAddSingleton<IBuildCoordinator>(sp => sp.GetRequiredService<BuildCoordinator>());
            services.AddHostedService(sp => sp.GetRequiredService<BuildCoordinator>());
        }

        services.AddOptions<LeftoverOptions>().Bind(configuration.GetSection(LeftoverOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<LeftoverSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<LeftoverSweeper>());
        services.AddDemandRecording(configuration);
        services.AddFarmAuth(configuration);
        services.AddAbsolutePaths();
        return services;
    }

    private static PublishedStoreUrl PublishedStoreUrlFor(IServiceProvider services)
    {
        var server = services.GetRequiredService<IOptions<FarmServerOptions>>().Value;
        var store = services.GetRequiredService<IArtifactStore>();
        if (!string.IsNullOrEmpty(server.PublicStoreUrl))
        {
            return new PublishedStoreUrl(server.PublicStoreUrl);
        }

        return store.Location.Scheme == Uri.UriSchemeFile && !string.IsNullOrEmpty(server.HttpListen)
            ? new PublishedStoreUrl($"http://{server.HttpListen}{StoreMirrorEndpoint.Prefix}")
            : new PublishedStoreUrl(store.Location.ToString());
    }
}
