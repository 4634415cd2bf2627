using System.Globalization;
using System.Text;
using KernelAgent.BuildFarm.Matrix.Planning;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Matrix.Snapshots;

/// <summary>
/// Reads the binary <c>.snap</c> snapshots farms wrote before gzip JSON came back (docs/catalog-format.md, "v2"):
/// <see cref="BinaryReader"/>'s own length-prefixed strings and 7-bit counts, raw 32-byte digests, and table
/// indexes. Kept so an upgraded farm plans against the snapshot its predecessor published; nothing writes them.
/// </summary>
internal static class SnapshotV2Reader
{
    public const string Format = "kernelagent-matrix-snapshot/v2";

    /// <summary>What every snapshot format's first line starts with: a later version is refused by name.</summary>
    private static ReadOnlySpan<byte> FormatPrefix => "kernelagent-matrix-snapshot/"u8;

    /// <exception cref="MatrixDocumentException">The bytes are not a v2 snapshot, or are cut short or inconsistent.</exception>
    public static MatrixSnapshot Read(byte[] bytes, string documentName)
    {
        var firstLine = Encoding.UTF8.GetBytes(Format + "\n");
        if (!bytes.AsSpan().StartsWith(firstLine))
        {
            var end = bytes.AsSpan(0, Math.Min(bytes.Length, 64)).IndexOf((byte)'\n');
            throw new MatrixDocumentException(bytes.AsSpan().StartsWith(FormatPrefix)
                ? $"{documentName}: is a '{Encoding.UTF8.GetString(bytes, 0, end < 0 ? Math.Min(bytes.Length, 64) : end)}' snapshot, a format this farm does not read (it reads {SnapshotHeader.Format} and {Format}); upgrade the farm"
                : $"{documentName}: is not a {Format} snapshot (its first line is not '{Format}')");
        }

        using var stream = new MemoryStream(bytes, writable: false) { Position = firstLine.Length };
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            var snapshot = ReadBody(reader, bytes.Length);
            return stream.Position == bytes.Length ? snapshot : throw new FormatException($"has {bytes.Length - stream.Position} bytes after its last entry");
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or IOException)
        {
            var problem = e is EndOfStreamException ? "ends early (cut short or damaged)" : e.Message;
            throw new MatrixDocumentException($"{documentName} at byte {stream.Position.ToString(CultureInfo.InvariantCulture)}: {problem}", e);
        }
    }

    private static MatrixSnapshot ReadBody(BinaryReader reader, int length)
    {
        var (id, policyName, created) = (reader.ReadString(), reader.ReadString(), reader.ReadString());
        if (!DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var createdAt))
        {
            throw new FormatException($"'{created}' is not an ISO 8601 time");
        }

        var previous = reader.ReadBoolean() ? reader.ReadString() : null;
        var run = reader.ReadBoolean() ? reader.ReadString() : null;
        var policy = reader.ReadString();
        var toolchains = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var n = Count(reader, length); n > 0; n--)
        {
            toolchains[Digest(reader)] = reader.ReadString();
        }

        var strings = new string[Count(reader, length)];
        for (var i = 0; i < strings.Length; i++)
        {
            strings[i] = reader.ReadString();
        }

        var digests = new string[Count(reader, length)];
        for (var i = 0; i < digests.Length; i++)
        {
            digests[i] = Digest(reader);
        }

        var entries = new List<MatrixEntry>();
        for (var n = Count(reader, length); n > 0; n--)
        {
            var (entryId, variantKey, buildKey, headers) = (Digest(reader), Digest(reader), Digest(reader), Digest(reader));
            string Text() => strings[Index(reader, strings.Length)];
            var kernel = new KernelIdentity(Text(), Text(), Text(), Text(), Text());
            var driver = new DriverIdentity(Text(), Text());
            var inputs = new BuildInputs(headers, digests[Index(reader, digests.Length)], digests[Index(reader, digests.Length)]);
            var source = reader.ReadByte() == 1 ? EntrySource.Demand : EntrySource.Policy;
            entries.Add(new MatrixEntry(entryId, kernel, driver, inputs, source) { VariantKey = variantKey, BuildKey = buildKey });
        }

        return new MatrixSnapshot(new SnapshotHeader(id, policyName, createdAt, previous, run, policy, toolchains), entries);
    }

    private static int Count(BinaryReader reader, int length)
    {
        var count = reader.Read7BitEncodedInt();
        return count >= 0 && count <= length ? count : throw new FormatException($"declares {count} items, more than the bytes left");
    }

    private static int Index(BinaryReader reader, int tableLength)
    {
        var index = reader.Read7BitEncodedInt();
        return index >= 0 && index < tableLength ? index : throw new FormatException($"refers to item {index} of a table of {tableLength}");
    }

    private static string Digest(BinaryReader reader)
    {
        var bytes = reader.ReadBytes(32);
        return bytes.Length == 32 ? Convert.ToHexStringLower(bytes) : throw new EndOfStreamException();
    }
}
