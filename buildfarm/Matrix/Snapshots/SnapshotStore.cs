using System.IO.Compression;
using System.Text.Json;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;

namespace KernelAgent.BuildFarm.Matrix.Snapshots;

/// <summary>
/// Snapshots under <c>v1/snapshots/&lt;policy&gt;/&lt;id&gt;.json.gz</c> (gzip JSON, <see cref="SnapshotDocument"/>); the
/// binary <c>&lt;id&gt;.snap</c> ones farms wrote for a while are still read (<see cref="SnapshotV2Reader"/>). Ids sort by
/// time and come before the extension, so the newest is the greatest key whatever its format; each is written with a
/// conditional create (the store's atomic, never-overwriting write).
/// </summary>
internal sealed class SnapshotStore(IArtifactStore store) : ISnapshotStore
{
    /// <summary>The extension of snapshots written now.</summary>
    public const string Extension = ".json.gz";

    /// <summary>The extension of binary v2 snapshots, read but no longer written.</summary>
    public const string BinaryExtension = ".snap";

    private static readonly SnapshotJsonContext _json = new(MatrixJson.Options(SnapshotJsonContext.Default.Options));

    public static string Prefix(string policyName) => $"{StoreLayout.SnapshotsPrefix}{policyName}/";

    public static string Key(string policyName, string snapshotId) => Prefix(policyName) + snapshotId + Extension;

    public async Task<IReadOnlyList<string>> ListAsync(string policyName, CancellationToken cancellationToken)
    {
        var prefix = Prefix(policyName);
        var keys = new List<string>();
        await foreach (var key in store.ListAsync(prefix, cancellationToken))
        {
            if ((key.EndsWith(Extension, StringComparison.Ordinal) || key.EndsWith(BinaryExtension, StringComparison.Ordinal))
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
        var keys = await ListAsync(policyName, cancellationToken);
        if (keys.Count == 0)
        {
            return null;
        }

        var name = $"{store.Location} {keys[^1]}";
        var bytes = await store.ReadAsync(keys[^1], cancellationToken);
        return keys[^1].EndsWith(BinaryExtension, StringComparison.Ordinal) ? SnapshotV2Reader.Read(bytes, name) : Read(bytes, name);
    }

    public async Task<string> WriteAsync(MatrixSnapshot snapshot, CancellationToken cancellationToken)
    {
        var key = Key(snapshot.Header.PolicyName, snapshot.Header.Id);
        await store.WriteAsync(key, Encode(snapshot), WriteMode.CreateNew, cancellationToken);
        return key;
    }

    /// <summary>The gzip JSON bytes of a snapshot.</summary>
    public static byte[] Encode(MatrixSnapshot snapshot)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            JsonSerializer.Serialize(gzip, SnapshotDocument.From(snapshot), _json.SnapshotDocument);
        }

        return buffer.ToArray();
    }

    /// <summary>A new sortable id: UTC time to the millisecond, then 8 random hex digits.</summary>
    public static string NewId(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", System.Globalization.CultureInfo.InvariantCulture)
        + "-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));

    /// <summary>A gzip JSON snapshot from its bytes.</summary>
    /// <exception cref="MatrixDocumentException">Not gzip, not JSON, or not a snapshot.</exception>
    public static MatrixSnapshot Read(byte[] bytes, string documentName)
    {
        using var gzip = new GZipStream(new MemoryStream(bytes, writable: false), CompressionMode.Decompress);
        return MatrixJson.Read(gzip, _json.SnapshotDocument, documentName, $"{SnapshotHeader.Format} snapshot").ToSnapshot(documentName);
    }
}
