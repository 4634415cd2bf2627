using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;

namespace KernelAgent.BuildFarm.Matrix.Snapshots;

/// <summary>
/// Snapshots under <c>v1/snapshots/&lt;policy&gt;/&lt;id&gt;.json</c>. Ids sort by time, so the newest is the
/// greatest key; each is written with a conditional create (the store's atomic, never-overwriting write).
/// </summary>
internal sealed class SnapshotStore(IArtifactStore store) : ISnapshotStore
{
    public const string Extension = ".json";

    public static string Prefix(string policyName) => $"{StoreLayout.SnapshotsPrefix}{policyName}/";

    public static string Key(string policyName, string snapshotId) => Prefix(policyName) + snapshotId + Extension;

    public async Task<IReadOnlyList<string>> ListAsync(string policyName, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var key in store.ListAsync(Prefix(policyName), cancellationToken))
        {
            // Only direct children: another policy's name may extend this one's ("prod" and "prod/x" cannot, names have no '/').
            if (key.EndsWith(Extension, StringComparison.Ordinal) && !key[Prefix(policyName).Length..].Contains('/', StringComparison.Ordinal))
            {
                keys.Add(key);
            }
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    public async Task<MatrixSnapshot?> LatestAsync(string policyName, CancellationToken cancellationToken)
    {
        var keys = await ListAsync(policyName, cancellationToken);
        if (keys.Count == 0)
        {
            return null;
        }

        var bytes = await store.ReadAsync(keys[^1], cancellationToken);
        using var stream = new MemoryStream(bytes, writable: false);
        return SnapshotJson.Read(stream, $"{store.Location} {keys[^1]}");
    }

    public async Task<string> WriteAsync(MatrixSnapshot snapshot, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        SnapshotJson.Write(buffer, snapshot);
        var key = Key(snapshot.PolicyName, snapshot.Id);
        await store.WriteAsync(key, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), WriteMode.CreateNew, cancellationToken);
        return key;
    }

    /// <summary>A new sortable id: UTC time to the millisecond, then 8 random hex digits.</summary>
    public static string NewId(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", System.Globalization.CultureInfo.InvariantCulture)
        + "-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
}
