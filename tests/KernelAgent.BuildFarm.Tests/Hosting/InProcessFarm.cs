using System.Net.Http;
using Grpc.Health.V1;
using Grpc.Net.Client;
using KernelAgent.BuildFarm.Hosting;
using KernelAgent.BuildFarm.Tests.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using FarmClient = KernelAgent.Protocol.V1.BuildFarm.BuildFarmClient;
using KernelAgent.Agent.Tests.TestSupport;

namespace KernelAgent.BuildFarm.Tests.Hosting;

/// <summary>
/// The whole farm (<see cref="FarmHost"/>, Kestrel on loopback, real HTTP/2) in this process, in a temp state
/// folder, with whatever services a test swaps in; its gRPC clients and an HTTP client for /metrics and the
/// store mirror.
/// </summary>
internal sealed class InProcessFarm : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ScratchDirectory _state;
    private readonly GrpcChannel _channel;

    private InProcessFarm(WebApplication app, ScratchDirectory state, int grpcPort, int httpPort)
    {
        _app = app;
        _state = state;
        GrpcAddress = new Uri($"http://127.0.0.1:{grpcPort}");
        _channel = GrpcChannel.ForAddress(GrpcAddress);
        Client = new FarmClient(_channel);
        Health = new Health.HealthClient(_channel);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri GrpcAddress { get; }

    public FarmClient Client { get; }

    public Health.HealthClient Health { get; }

    /// <summary>The HTTP/1.1 endpoint: /metrics and the store mirror under /store/.</summary>
    public HttpClient Http { get; }

    public string StateDirectory => _state.Path;

    public IServiceProvider Services => _app.Services;

    public T Service<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    /// <param name="services">Replaces farm services (runs after the farm's own registrations).</param>
    /// <param name="settings">Configuration keys (e.g. "Builds:Workers") over the test defaults.</param>
    public static async Task<InProcessFarm> StartAsync(
        Action<IServiceCollection>? services = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var state = new ScratchDirectory("farm");
        try
        {
            // An empty configuration file keeps the machine's /etc/kernel-buildfarm/farm.json out of the tests.
            var configFile = Path.Join(state.Path, "farm.json");
            await File.WriteAllTextAsync(configFile, "{}");
            for (var attempt = 1; ; attempt++)
            {
                var (grpcPort, httpPort) = (LoopbackPorts.Free(), LoopbackPorts.Free());
                var overrides = new Dictionary<string, string?>(StringComparer.Ordinal)
                {
                    ["Farm:StateDirectory"] = state.Path,
                    ["Server:Listen"] = $"127.0.0.1:{grpcPort}",
                    ["Server:HttpListen"] = $"127.0.0.1:{httpPort}",
                    ["Logging:LogLevel:Default"] = "Warning",
                    // A test farm's apt lists are refreshed by the builds that need them, not at every start.
                    ["Headers:Debian:RefreshInterval"] = "00:00:00",
                };
                foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
                {
                    overrides[key] = value;
                }

                var app = FarmHost.Build(configFile, overrides, services);
                try
                {
                    await app.StartAsync();
                    return new InProcessFarm(app, state, grpcPort, httpPort);
                }
                catch (IOException) when (attempt < 3)
                {
                    // Another process took one of the ports between the probe and the bind: try two others.
                    await app.DisposeAsync();
                }
                catch
                {
                    await app.DisposeAsync();
                    throw;
                }
            }
        }
        catch
        {
            state.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _state.Dispose();
    }
}
