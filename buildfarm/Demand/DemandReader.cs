using System.Text.Json;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Demand;

/// <summary>Reads private/demand/&lt;day&gt;/ (and the older v1/demand/&lt;day&gt;/) for each day of the window.</summary>
internal sealed class DemandReader(IArtifactStore store, TimeProvider time) : IDemandReader
{
    public async Task<IReadOnlyList<DemandedKernel>> ReadAsync(int maxAgeDays, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var oldest = now - TimeSpan.FromDays(maxAgeDays);
        var kernels = new Dictionary<KernelIdentity, (HashSet<string> Hosts, DateTimeOffset LastSeen, bool Missed)>();
        for (var day = oldest; day.UtcDateTime.Date <= now.UtcDateTime.Date; day += TimeSpan.FromDays(1))
        {
            foreach (var key in await KeysAsync(day, cancellationToken))
            {
                var document = Parse(key, await store.ReadAsync(key, cancellationToken));
                foreach (var record in document.Kernels.Where(r => r.LastSeen >= oldest))
                {
                    var kernel = new KernelIdentity(record.Distro, record.DistroVersion, record.Arch, record.Release, record.Build);
                    var known = kernels.TryGetValue(kernel, out var seen) ? seen : (Hosts: new HashSet<string>(StringComparer.Ordinal), LastSeen: DateTimeOffset.MinValue, Missed: false);
                    known.Hosts.UnionWith(record.Hosts);
                    kernels[kernel] = (known.Hosts, record.LastSeen > known.LastSeen ? record.LastSeen : known.LastSeen, known.Missed || record.Missed);
                }
            }
        }

        return [.. kernels.Select(k => new DemandedKernel(k.Key, k.Value.Hosts.Count, k.Value.LastSeen, k.Value.Missed))];
    }

    private async Task<List<string>> KeysAsync(DateTimeOffset day, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        foreach (var prefix in (string[])[DemandKeys.Day(day), DemandKeys.LegacyDay(day)])
        {
            await foreach (var key in store.ListAsync(prefix, cancellationToken))
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    private DemandDocument Parse(string key, byte[] bytes)
    {
        try
        {
            var document = JsonSerializer.Deserialize(bytes, DemandJsonContext.Default.DemandDocument);
            return document?.Format == DemandDocument.CurrentFormat
                ? document
                : throw new DemandDocumentException($"{store.Location} {key} is not a {DemandDocument.CurrentFormat} document.");
        }
        catch (JsonException e)
        {
            throw new DemandDocumentException($"{store.Location} {key} is not valid demand JSON: {e.Message}", e);
        }
    }
}
