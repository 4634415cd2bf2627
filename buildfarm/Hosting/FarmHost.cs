using System.Net;
using KernelAgent.BuildFarm.Api;
using KernelAgent.BuildFarm.Auth;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Logging;
using KernelAgent.BuildFarm.Matrix.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace KernelAgent.BuildFarm.Hosting;

/// <summary>
/// The farm's web host: gRPC (BuildFarm, grpc.health.v1, reflection) on an HTTP/2 endpoint, and /metrics plus
/// the store mirror on an HTTP/1.1 endpoint. Configuration: defaults, then <c>/etc/kernel-buildfarm/farm.json</c>
/// (or --config), then <c>KERNEL_BUILDFARM_</c> environment variables, then command-line overrides.
/// </summary>
internal static class FarmHost
{
    public const string DefaultConfigFile = "/etc/kernel-buildfarm/farm.json";
    public const string EnvironmentPrefix = "KERNEL_BUILDFARM_";

    /// <param name="configFile">The JSON configuration file; null reads <see cref="DefaultConfigFile"/> when it exists.</param>
    /// <param name="overrides">Settings that win over every other source (the command line's options).</param>
    /// <param name="configureServices">
    /// Runs after the farm's own registrations, so it can replace any of them (tests and benchmarks swap the
    /// module builder or the clock); null in production.
    /// </param>
    public static WebApplication Build(
        string? configFile, IReadOnlyDictionary<string, string?> overrides, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "kernel-buildfarm" });
        AddSources(builder.Configuration, configFile, overrides);
        builder.Logging.AddFarmLogging(builder.Configuration);
        builder.Services.AddBuildFarm(builder.Configuration);
        builder.Services.AddGrpc(o => o.EnableDetailedErrors = false)
            .AddServiceOptions<BuildFarmService>(o => o.Interceptors.Add<AuthInterceptor>());
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks().AddCheck("build-farm", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy());
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.Services.AddDebianListsRefresher();
        builder.Services.AddPrebuildLoop(builder.Configuration);
        configureServices?.Invoke(builder.Services);

        var server = builder.Configuration.GetSection(FarmServerOptions.Section).Get<FarmServerOptions>() ?? new FarmServerOptions();
        var auth = builder.Configuration.GetSection(FarmAuthOptions.Section).Get<FarmAuthOptions>() ?? new FarmAuthOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Out-of-range values are reported by FarmServerOptionsValidator at start; Kestrel itself would throw here first.
            if (server.MaxStreamsPerConnection is >= 1 and <= FarmServerOptions.MaxStreamsPerConnectionLimit)
            {
                kestrel.Limits.Http2.MaxStreamsPerConnection = server.MaxStreamsPerConnection;
            }

            if (IPEndPoint.TryParse(server.Listen, out var grpc))
            {
                kestrel.Listen(grpc, listen =>
                {
                    listen.Protocols = HttpProtocols.Http2;
                    if (!string.IsNullOrEmpty(server.TlsCertificateFile) && !string.IsNullOrEmpty(server.TlsKeyFile))
                    {
                        listen.Protocols = HttpProtocols.Http1AndHttp2;
                        listen.UseHttps(https =>
                        {
                            https.ServerCertificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(server.TlsCertificateFile, server.TlsKeyFile);
                            if (!string.IsNullOrEmpty(auth.ClientCaFile))
                            {
                                // Asked for, not required (token callers have none); the certificate handler checks the chain
                                // against Auth:ClientCaFile, so a bad certificate is UNAUTHENTICATED naming why, not a failed handshake.
                                https.ClientCertificateMode = Microsoft.AspNetCore.Server.Kestrel.Https.ClientCertificateMode.AllowCertificate;
                                https.AllowAnyClientCertificate();
                            }
                        });
                    }
                });
            }

            if (!string.IsNullOrEmpty(server.UnixSocket))
            {
                kestrel.ListenUnixSocket(server.UnixSocket, listen => listen.Protocols = HttpProtocols.Http2);
            }

            if (!string.IsNullOrEmpty(server.HttpListen) && IPEndPoint.TryParse(server.HttpListen, out var http))
            {
                kestrel.Listen(http, listen => listen.Protocols = HttpProtocols.Http1);
            }
        });

        var app = builder.Build();
        try
        {
            FarmOptionsValidation.ValidateAll(app.Services);
        }
        catch
        {
            ((IDisposable)app).Dispose();
            throw;
        }

        // Listen from the start: measurements taken before the first scrape would otherwise be lost.
        var metrics = app.Services.GetRequiredService<PrometheusMetrics>();
        app.MapGrpcService<BuildFarmService>();
        var health = app.MapGrpcHealthChecksService();
        var reflection = app.MapGrpcReflectionService();
        if (auth.Enabled && !auth.OpenHealth)
        {
            health.RequireAuthorization(FarmAuthentication.AuthenticatedPolicy);
        }

        if (auth.Enabled && !auth.OpenReflection)
        {
            reflection.RequireAuthorization(FarmAuthentication.AuthenticatedPolicy);
        }
        app.MapMetrics("/metrics", metrics.Registry);
        app.MapStoreMirror();

        var lifetimeLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(FarmLifetimeLog.Category);
        app.Lifetime.ApplicationStarted.Register(() => FarmLifetimeLog.Serving(
            lifetimeLog, string.IsNullOrEmpty(server.UnixSocket) ? server.Listen : $"{server.Listen} and {server.UnixSocket}", server.HttpListen ?? "none"));
        app.Lifetime.ApplicationStopping.Register(() => FarmLifetimeLog.Stopping(lifetimeLog));
        if (!auth.Enabled && IPEndPoint.TryParse(server.Listen, out var listenOn) && !IPAddress.IsLoopback(listenOn.Address))
        {
            AuthLog.ServingUnauthenticated(lifetimeLog, server.Listen);
        }

        return app;
    }

    /// <summary>The farm's configuration sources, in order, for <c>serve</c> and <c>worker</c> alike.</summary>
    public static void AddSources(IConfigurationManager configuration, string? configFile, IReadOnlyDictionary<string, string?> overrides)
    {
        configuration.Sources.Clear();
        configuration.AddJsonFile(Path.Join(AppContext.BaseDirectory, "farm.defaults.json"), optional: true);
        configuration.AddJsonFile(configFile ?? DefaultConfigFile, optional: configFile is null);
        configuration.AddEnvironmentVariables(EnvironmentPrefix);
        configuration.AddInMemoryCollection(overrides);
    }
}
