using KernelAgent.BuildFarm.Hosting;
using KernelAgent.BuildFarm.ScaleOut;
using KernelAgent.BuildFarm.Tests.Builds;
using KernelAgent.BuildFarm.Tests.Headers;
using KernelAgent.BuildFarm.Tests.Hosting;
using KernelAgent.Store.Attestations.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KernelAgent.BuildFarm.Tests.ScaleOut;

/// <summary>
/// Farm replicas (in-process farms) and build workers (in-process worker hosts with a <see cref="FakeModuleBuilder"/>)
/// on one real nats-server, sharing one directory store and one signing key, as separate machines would share S3 and a key.
/// Streams, bucket and subjects are named per cluster, so tests on one server do not meet.
/// </summary>
internal sealed class ScaleOutCluster : IAsyncDisposable
{
    private readonly ScratchDirectory _shared = new("scaleout");
    private readonly List<InProcessFarm> _replicas = [];
    private readonly List<IHost> _workers = [];
    private readonly Dictionary<string, string?> _settings;

    /// <param name="natsUrl">The server (or cluster) URL.</param>
    /// <param name="settings">Configuration over the cluster's (e.g. Nats:MaxDeliver), for replicas and workers alike.</param>
    public ScaleOutCluster(string natsUrl, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var name = Guid.NewGuid().ToString("N")[..10];
        var key = Path.Join(_shared.Path, "signing-key.pem");
        using (var fresh = SigningKey.Generate())
        {
            fresh.WriteTo(key, Path.ChangeExtension(key, ".pub"));
        }

        Directory.CreateDirectory(Path.Join(_shared.Path, "store"));
        File.WriteAllText(Path.Join(_shared.Path, "farm.json"), "{}");
        _settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Nats:Url"] = natsUrl,
            ["Nats:JobsStream"] = "JOBS_" + name,
            ["Nats:EventsStream"] = "EVENTS_" + name,
            ["Nats:BuildsBucket"] = "builds-" + name,
            ["Nats:SubjectPrefix"] = "t" + name,
            ["Nats:AckWait"] = "00:00:02",
            ["Farm:StoreUrl"] = new Uri(Path.Join(_shared.Path, "store") + "/").ToString(),
            ["Signing:KeyFile"] = key,
            ["Builds:Workers"] = "1",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Headers:Debian:RefreshInterval"] = "00:00:00",
        };
        foreach (var (setting, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[setting] = value;
        }
    }

    public async Task<InProcessFarm> AddReplicaAsync()
    {
        var replica = await FakeBuilderFarm.StartAsync(_settings);
        _replicas.Add(replica);
        return replica;
    }

    /// <summary>A started worker; its fake builder is <c>worker.Services.GetRequiredService&lt;FakeModuleBuilder&gt;()</c>.</summary>
    public async Task<IHost> AddWorkerAsync()
    {
        var settings = new Dictionary<string, string?>(_settings) { ["Farm:StateDirectory"] = Path.Join(_shared.Path, "worker-" + _workers.Count) };
        var worker = WorkerHost.Build(Path.Join(_shared.Path, "farm.json"), settings, FakeModuleBuilder.Install);
        await worker.StartAsync();
        _workers.Add(worker);
        return worker;
    }

    /// <summary>
    /// As kill -9 would: the worker's NATS connection goes first (no ack, no nak, no event), then the process. Its job
    /// comes back to another worker only after Nats:AckWait.
    /// </summary>
    public static async Task KillAsync(IHost worker)
    {
        await ((IAsyncDisposable)worker.Services.GetRequiredService<IBuildBus>()).DisposeAsync();
        using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await worker.StopAsync(quick.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await worker.StopAsync(quick.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            worker.Dispose();
        }

        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }

        _shared.Dispose();
    }
}
