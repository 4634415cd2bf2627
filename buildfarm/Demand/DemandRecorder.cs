using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Variants;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Demand;

/// <summary>
/// Aggregates reports in memory (per kernel: distinct hosts, last report, whether any was a miss) and writes them
/// to the store every <see cref="DemandOptions.FlushInterval"/> and at shutdown, each flush as a new object, so
/// stateless farm replicas never write the same key. A failed write keeps the demand for the next flush. Bounded:
/// at most <see cref="DemandOptions.MaxPendingHostEntries"/> host entries between flushes and
/// <see cref="DemandOptions.MaxBytesPerDay"/> written per UTC day; beyond either a report is refused
/// (<see cref="DemandCapacityException"/>) until the next flush or day.
/// </summary>
internal sealed class DemandRecorder(IArtifactStore store, IOptions<DemandOptions> options, TimeProvider time, ILogger<DemandRecorder> logger)
    : BackgroundService, IDemandRecorder
{
    private readonly object _gate = new();
    private readonly DemandOptions _options = options.Value;
    private Dictionary<KernelIdentity, Aggregate> _pending = [];
    private int _pendingHostEntries;
    private DateOnly _day;
    private long _bytesToday;

    public int Record(string hostId, IReadOnlyList<KernelIdentity> installed, IReadOnlyList<KernelIdentity> missed)
    {
        var host = HostHash(hostId);
        var now = time.GetUtcNow();
        var kernels = installed.Select(k => (k, false)).Concat(missed.Select(k => (k, true))).ToList();
        lock (_gate)
        {
            if (BytesToday(now) >= _options.MaxBytesPerDay)
            {
                var midnight = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
                throw new DemandCapacityException($"this farm has written its {_options.MaxBytesPerDay} bytes of demand for today ({DemandOptions.Section}:MaxBytesPerDay)", midnight - now);
            }

            if (_pendingHostEntries + kernels.Count > _options.MaxPendingHostEntries)
            {
                throw new DemandCapacityException(
                    $"this farm holds {_pendingHostEntries} reported host entries until its next flush ({DemandOptions.Section}:MaxPendingHostEntries {_options.MaxPendingHostEntries})",
                    _options.FlushInterval);
            }

            foreach (var (kernel, isMiss) in kernels)
            {
                if (!_pending.TryGetValue(kernel, out var aggregate))
                {
                    if (_pending.Count >= _options.MaxKernels)
                    {
                        continue;
                    }

                    _pending[kernel] = aggregate = new Aggregate();
                }

                if (aggregate.Hosts.Count < _options.MaxHostsPerKernel && aggregate.Hosts.Add(host))
                {
                    _pendingHostEntries++;
                }

                aggregate.LastSeen = now;
                aggregate.Missed |= isMiss;
            }
        }

        return kernels.Select(k => k.Item1).Distinct().Count();
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        Dictionary<KernelIdentity, Aggregate> taken;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            taken = _pending;
            _pending = [];
            _pendingHostEntries = 0;
        }

        var now = time.GetUtcNow();
        var document = new DemandDocument(
            DemandDocument.CurrentFormat,
            now,
            [.. taken.Select(t => new DemandRecord(
                t.Key.DistroId, t.Key.DistroVersionId, t.Key.Arch, t.Key.KernelRelease, t.Key.KernelVersion,
                [.. t.Value.Hosts.Order(StringComparer.Ordinal)], t.Value.LastSeen, t.Value.Missed))]);
        var key = DemandKeys.NewKey(now);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(document, DemandJsonContext.Default.DemandDocument);
        lock (_gate)
        {
            if (BytesToday(now) + bytes.Length > _options.MaxBytesPerDay)
            {
                // Demand only steers which kernels are prebuilt: dropping a flush loses no build.
                _bytesToday = _options.MaxBytesPerDay;
                DemandLog.DemandDayFull(logger, taken.Count, _options.MaxBytesPerDay);
                return;
            }

            _bytesToday += bytes.Length;
        }

        try
        {
            await store.WriteAsync(key, bytes, WriteMode.CreateNew, cancellationToken);
            DemandLog.DemandFlushed(logger, taken.Count, key);
        }
        catch (StoreException)
        {
            lock (_gate)
            {
                _bytesToday -= bytes.Length;
            }

            Restore(taken);
            throw;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await TryFlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync writes what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await TryFlushAsync(cancellationToken);
    }

    /// <summary>Hosts are counted by a hash of their id; the id itself is not stored.</summary>
    public static string HostHash(string hostId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hostId)))[..16];

    private async Task TryFlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (StoreException e)
        {
            DemandLog.DemandFlushFailed(logger, e.Message);
        }
    }

    // Under the lock: bytes written on the current UTC day, from zero when the day changed.
    private long BytesToday(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (today != _day)
        {
            (_day, _bytesToday) = (today, 0);
        }

        return _bytesToday;
    }

    private void Restore(Dictionary<KernelIdentity, Aggregate> taken)
    {
        lock (_gate)
        {
            foreach (var (kernel, aggregate) in taken)
            {
                if (_pending.TryGetValue(kernel, out var newer))
                {
                    newer.Hosts.UnionWith(aggregate.Hosts);
                    newer.Missed |= aggregate.Missed;
                }
                else
                {
                    _pending[kernel] = aggregate;
                }
            }

            _pendingHostEntries = _pending.Values.Sum(a => a.Hosts.Count);
        }
    }

    private sealed class Aggregate
    {
        public HashSet<string> Hosts { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset LastSeen { get; set; }

        public bool Missed { get; set; }
    }
}
