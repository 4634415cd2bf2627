using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Logging;
using KernelAgent.BuildFarm.ScaleOut;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Hosting;

/// <summary>
/// The build worker's host: the farm's configuration, logging and build pipeline, no gRPC or HTTP port, and the
/// <see cref="BuildWorker"/> taking jobs from NATS JetStream (Nats:Url is required).
/// </summary>
internal static class WorkerHost
{
    /// <param name="configFile">As for <see cref="FarmHost.Build"/>.</param>
    /// <param name="overrides">Settings that win over every other source (the command line's options).</param>
    /// <param name="configureServices">Runs after the farm's own registrations (tests swap the module builder); null in production.</param>
    /// <exception cref="OptionsValidationException">Every configuration problem at once.</exception>
    public static IHost Build(string? configFile, IReadOnlyDictionary<string, string?> overrides, Action<IServiceCollection>? configureServices = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "kernel-buildfarm" });
        FarmHost.AddSources(builder.Configuration, configFile, overrides);
        builder.Logging.AddFarmLogging(builder.Configuration);
        builder.Services.AddBuildFarm(builder.Configuration, worker: true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.Services.AddDebianListsRefresher();
        configureServices?.Invoke(builder.Services);
        var host = builder.Build();
        try
        {
            FarmOptionsValidation.ValidateAll(host.Services);
            if (!host.Services.GetRequiredService<IOptions<NatsOptions>>().Value.Enabled)
            {
                throw new OptionsValidationException(NatsOptions.Section, typeof(NatsOptions), ["Nats:Url is required: a worker takes its jobs from NATS JetStream"]);
            }
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return host;
    }
}
