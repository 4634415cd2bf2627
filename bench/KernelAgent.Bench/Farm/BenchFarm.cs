using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using KernelAgent.BuildFarm.Hosting;
using KernelAgent.Protocol.V1;
using Microsoft.AspNetCore.Builder;
using FarmClient = KernelAgent.Protocol.V1.BuildFarm.BuildFarmClient;

namespace KernelAgent.Bench.Farm;

/// <summary>
/// A real farm (FarmHost with every real component) in this process, on free loopback ports, in its own state
/// folder; clients reach it over real HTTP/2.
/// </summary>
internal sealed class BenchFarm : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _state;
    private readonly Uri _metrics;

    private BenchFarm(WebApplication app, DirectoryInfo state, int grpcPort, int httpPort)
    {
        _app = app;
        _state = state;
        _metrics = new Uri($"http://127.0.0.1:{httpPort}/metrics");
        Address = $"127.0.0.1:{grpcPort}";
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        Client = new FarmClient(Channel);
    }

    public GrpcChannel Channel { get; }

    /// <summary>The gRPC endpoint, host:port, for clients in other processes.</summary>
    public string Address { get; }

    public FarmClient Client { get; }

    public string StateDirectory => _state.FullName;

    /// <param name="cache">The headers cache and apt root.</param>
    /// <param name="extraDriverVersions">
    /// Registers the sample's source again as versions 1.0.1, 1.0.2, ...: each is a new variant of the same kernel, so
    /// one long-lived farm can build "warm" (headers cached, sandbox probed) as often as needed.
    /// </param>
    public static async Task<BenchFarm> StartAsync(BenchCache cache, int extraDriverVersions = 0)
    {
        var state = Directory.CreateTempSubdirectory("kernelagent-bench-farm-");
        var configFile = Path.Join(state.FullName, "farm.json");
        await File.WriteAllTextAsync(configFile, "{}");
        var grpcPort = FreePort();
        var settings = cache.Settings();
        settings["Farm:StateDirectory"] = state.FullName;
        settings["Server:Listen"] = $"127.0.0.1:{grpcPort}";
        var httpPort = FreePort();
        settings["Server:HttpListen"] = $"127.0.0.1:{httpPort}";
        settings["Logging:LogLevel:Default"] = "Warning";
        var sample = SampleRegistration();
        for (var i = 1; i <= extraDriverVersions; i++)
        {
            settings[$"Drivers:Drivers:{i}:Name"] = BenchKernel.DriverName;
            settings[$"Drivers:Drivers:{i}:Version"] = BenchKernel.DriverVersionNumber(i);
            settings[$"Drivers:Drivers:{i}:Source"] = sample.GetProperty("Source").GetString();
            settings[$"Drivers:Drivers:{i}:Sha256"] = sample.GetProperty("Sha256").GetString();
        }

        var app = FarmHost.Build(configFile, settings);
        await app.StartAsync();
        return new BenchFarm(app, state, grpcPort, httpPort);
    }

    /// <summary>Runs one Build call to its end and returns every event; throws unless it succeeded.</summary>
    public async Task<IReadOnlyList<BuildEvent>> BuildAsync(BuildRequest request, CancellationToken cancellationToken)
    {
        using var call = Client.Build(request, deadline: DateTime.UtcNow.AddMinutes(20), cancellationToken: cancellationToken);
        var events = new List<BuildEvent>();
        await foreach (var e in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            events.Add(e);
        }

        return events.Count > 0 && events[^1].State == BuildState.Succeeded
            ? events
            : throw new InvalidOperationException($"the build did not succeed: {(events.Count > 0 ? events[^1] : "no events")}");
    }

    /// <summary>The farm's own per-phase totals so far (<c>kernelagent_build_phase_duration_seconds_sum</c> by phase, at /metrics).</summary>
    public async Task<IReadOnlyDictionary<string, double>> PhaseSecondsAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        const string prefix = "kernelagent_build_phase_duration_seconds_sum{phase=\"";
        return (await http.GetStringAsync(_metrics, cancellationToken)).Split('\n')
            .Where(l => l.StartsWith(prefix, StringComparison.Ordinal))
            .Select(l => (Phase: l[prefix.Length..l.IndexOf('"', prefix.Length)], Seconds: double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)))
            .ToDictionary(p => p.Phase, p => p.Seconds, StringComparer.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        DeleteTree(_state);
    }

    /// <summary>Deletes a folder holding the farm's read-only headers roots (their folders get write permission back first).</summary>
    public static void DeleteTree(DirectoryInfo folder)
    {
        if (!OperatingSystem.IsWindows())
        {
            foreach (var directory in folder.EnumerateDirectories("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Where(d => d.LinkTarget is null))
            {
                directory.UnixFileMode |= UnixFileMode.UserWrite;
            }
        }

        folder.Delete(recursive: true);
    }

    /// <summary>The bundled sample's registration in farm.defaults.json (source folder and its pinned digest).</summary>
    private static JsonElement SampleRegistration()
    {
        using var defaults = JsonDocument.Parse(File.ReadAllBytes(Path.Join(AppContext.BaseDirectory, "farm.defaults.json")));
        return defaults.RootElement.GetProperty("Drivers").GetProperty("Drivers")[0].Clone();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
