using System.IO.Compression;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;

namespace KernelAgent.BuildFarm.Matrix.Snapshots;

/// <summary>
/// Snapshots under <c>v1/snapshots/&lt;policy&gt;/&lt;id&gt;.snap</c> (the compact v2 encoding, <see cref="SnapshotBinary"/>);
/// those written before v2, <c>&lt;id&gt;.json.gz</c> (gzip JSON, <see cref="SnapshotJson"/>), are still read. Ids sort by
/// time and come before the extension, so the newest is the greatest key whatever its format; each is written with a
/// conditional create (the store's atomic, never-overwriting write).
/// </summary>
internal sealed class SnapshotStore(IArtifactStore store) : ISnapshotStore
{
    /// <summary>The extension of snapshots written now (v2).</summary>
    public const string Extension = ".snap";

    /// <summary>The extension of gzip JSON snapshots (v1), read but no longer written.</summary>
    public const string JsonExtension = ".json.gz";

    public static string Prefix(string policyName) => $"{StoreLayout.SnapshotsPrefix}{policyName}/";

    public static string Key(string policyName, string snapshotId) => Prefix(policyName) + snapshotId + Extension;

    public async Task<IReadOnlyList<string>> ListAsync(string policyName, CancellationToken cancellationToken)
    {
        var prefix = Prefix(policyName);
        var keys = new List<string>();
        await foreach (var key in store.ListAsync(prefix, cancellationToken))
        {
            if ((key.EndsWith(Extension, StringComparison.Ordinal) || key.EndsWith(JsonExtension, StringComparison.Ordinal))
                && !key[prefix.Length..].Contains('/', StringComparison.Ordinal))
            {
                keys.Add(key);
            }
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    public async Task<MatrixSnapshot?> LatestAsync(string policyName, CancellationToken cancellationToken)
    {
        var collected = new CollectingVisitor();
        var header = await Latest(policyName).ReadAsync(collected, cancellationToken);
        return header is null ? null : new MatrixSnapshot(header, collected.Entries);
    }

    public IPreviousSnapshot Latest(string policyName) => new StoredSnapshot(this, policyName);

    public async Task<string> WriteAsync(MatrixSnapshot snapshot, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        SnapshotBinary.Write(buffer, snapshot);

        var key = Key(snapshot.Header.PolicyName, snapshot.Header.Id);
        await store.WriteAsync(key, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), WriteMode.CreateNew, cancellationToken);
        return key;
    }

    /// <summary>A new sortable id: UTC time to the millisecond, then 8 random hex digits.</summary>
    public static string NewId(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", System.Globalization.CultureInfo.InvariantCulture)
        + "-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));

    private async Task<SnapshotHeader?> ReadLatestAsync(string policyName, ISnapshotEntryVisitor visitor, CancellationToken cancellationToken)
    {
        var keys = await ListAsync(policyName, cancellationToken);
        if (keys.Count == 0)
        {
            return null;
        }

        var bytes = await store.ReadAsync(keys[^1], cancellationToken);
        if (!keys[^1].EndsWith(JsonExtension, StringComparison.Ordinal))
        {
            return SnapshotBinary.Read(bytes, $"{store.Location} {keys[^1]}", visitor);
        }

        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes, writable: false), CompressionMode.Decompress);
            return SnapshotJson.Read(gzip, $"{store.Location} {keys[^1]}", visitor);
        }
        catch (InvalidDataException e)
        {
            throw new MatrixDocumentException($"{store.Location} {keys[^1]} is not gzip data: {e.Message}", e);
        }
    }

    private sealed class StoredSnapshot(SnapshotStore snapshots, string policyName) : IPreviousSnapshot
    {
        public Task<SnapshotHeader?> ReadAsync(ISnapshotEntryVisitor visitor, CancellationToken cancellationToken) =>
            snapshots.ReadLatestAsync(policyName, visitor, cancellationToken);
    }
}
