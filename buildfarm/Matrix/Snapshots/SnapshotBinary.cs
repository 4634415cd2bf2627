using System.Globalization;
using System.Text;
using KernelAgent.BuildFarm.Matrix.Planning;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Matrix.Snapshots;

/// <summary>
/// The compact snapshot encoding (docs/catalog-format.md, "Snapshot", v2): a first text line naming the format,
/// the header, a table of the distinct strings, a table of the distinct shared digests, then one fixed-shape record
/// per entry (four raw 32-byte digests, indexes into the tables). A plan reads 100k entries in milliseconds where
/// the gzip JSON of v1 took a second to inflate and tokenise, and makes strings only for entries it does not match.
/// </summary>
internal static class SnapshotBinary
{
    /// <summary>The first line of every v2 snapshot, newline included.</summary>
    public static ReadOnlySpan<byte> FirstLine => "kernelagent-matrix-snapshot/v2\n"u8;

    /// <summary>What every snapshot format's first line starts with: a later version is refused by name.</summary>
    public static ReadOnlySpan<byte> FormatPrefix => "kernelagent-matrix-snapshot/"u8;

    public const string Format = "kernelagent-matrix-snapshot/v2";

    private const int DigestBytes = 32;

    public static void Write(Stream stream, MatrixSnapshot snapshot)
    {
        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        var digests = new Dictionary<Sha256Digest, int>();
        var records = new (int[] Strings, int DriverSource, int Toolchain)[snapshot.Entries.Count];
        for (var i = 0; i < records.Length; i++)
        {
            var entry = snapshot.Entries[i];
            var kernel = entry.Kernel;
            records[i] = (
                [
                    Index(strings, kernel.DistroId), Index(strings, kernel.DistroVersionId), Index(strings, kernel.Arch),
                    Index(strings, kernel.KernelRelease), Index(strings, kernel.KernelVersion), Index(strings, entry.Driver.Name),
                    Index(strings, entry.Driver.Version),
                ],
                Index(digests, entry.Inputs.DriverSource),
                Index(digests, entry.Inputs.Toolchain));
        }

        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(FirstLine);
        var header = snapshot.Header;
        writer.Write(header.Id);
        writer.Write(header.PolicyName);
        writer.Write(header.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        WriteNullable(writer, header.PreviousId);
        WriteNullable(writer, header.RunId);
        writer.Write(header.PolicyJson);
        var toolchains = header.Toolchains.OrderBy(t => t.Value, StringComparer.Ordinal).ToList();
        writer.Write7BitEncodedInt(toolchains.Count);
        Span<byte> digest = stackalloc byte[DigestBytes];
        foreach (var (key, description) in toolchains)
        {
            WriteDigest(writer, key, digest);
            writer.Write(description);
        }

        writer.Write7BitEncodedInt(strings.Count);
        foreach (var value in strings.OrderBy(s => s.Value).Select(s => s.Key))
        {
            writer.Write(value);
        }

        writer.Write7BitEncodedInt(digests.Count);
        foreach (var value in digests.OrderBy(d => d.Value).Select(d => d.Key))
        {
            WriteDigest(writer, value, digest);
        }

        writer.Write7BitEncodedInt(records.Length);
        for (var i = 0; i < records.Length; i++)
        {
            var entry = snapshot.Entries[i];
            WriteDigest(writer, entry.Id, digest);
            WriteDigest(writer, entry.VariantKey, digest);
            WriteDigest(writer, entry.BuildKey, digest);
            WriteDigest(writer, entry.Inputs.Headers, digest);
            foreach (var index in records[i].Strings)
            {
                writer.Write7BitEncodedInt(index);
            }

            writer.Write7BitEncodedInt(records[i].DriverSource);
            writer.Write7BitEncodedInt(records[i].Toolchain);
            writer.Write(entry.Source == EntrySource.Demand ? (byte)1 : (byte)0);
        }
    }

    /// <summary>Reads the header, handing each entry to <paramref name="visitor"/> in the order written.</summary>
    /// <exception cref="MatrixDocumentException">The bytes are not a v2 snapshot, or are cut short or inconsistent.</exception>
    public static SnapshotHeader Read(byte[] bytes, string documentName, ISnapshotEntryVisitor visitor)
    {
        var reader = new SnapshotReader(bytes, documentName);
        reader.ExpectFirstLine();
        var id = reader.String();
        var policyName = reader.String();
        var createdText = reader.String();
        if (!DateTimeOffset.TryParse(createdText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var createdAt))
        {
            throw reader.Error($"'{createdText}' is not an ISO 8601 time");
        }

        var previous = reader.NullableString();
        var run = reader.NullableString();
        var policy = reader.String();
        var toolchains = new Dictionary<Sha256Digest, string>();
        for (var count = reader.Count(); count > 0; count--)
        {
            var key = reader.Digest();
            toolchains[key] = reader.String();
        }

        var strings = new LazyStrings(reader.StringTable());
        var digests = new Sha256Digest[reader.Count()];
        for (var i = 0; i < digests.Length; i++)
        {
            digests[i] = reader.Digest();
        }

        var drivers = new Dictionary<(int, int), DriverIdentity>();
        Span<int> fields = stackalloc int[7];
        for (var count = reader.Count(); count > 0; count--)
        {
            var entryId = reader.Digest();
            var variantKey = reader.Digest();
            var buildKey = reader.Digest();
            var headers = reader.Digest();
            for (var f = 0; f < fields.Length; f++)
            {
                fields[f] = reader.Index(strings.Count);
            }

            var inputs = new BuildInputs(headers, digests[reader.Index(digests.Length)], digests[reader.Index(digests.Length)]);
            var source = reader.Byte() == 1 ? EntrySource.Demand : EntrySource.Policy;
            var current = visitor.Current(entryId);
            if (current is not null)
            {
                visitor.Matched(current, new PreviousEntryState(strings[fields[6]], variantKey, buildKey, inputs, source));
                continue;
            }

            if (!drivers.TryGetValue((fields[5], fields[6]), out var driver))
            {
                drivers[(fields[5], fields[6])] = driver = new DriverIdentity(strings[fields[5]], strings[fields[6]]);
            }

            var kernel = new KernelIdentity(strings[fields[0]], strings[fields[1]], strings[fields[2]], strings[fields[3]], strings[fields[4]]);
            visitor.Unmatched(new MatrixEntry(entryId, kernel, driver, inputs, source, variantKey, buildKey));
        }

        reader.ExpectEnd();
        return new SnapshotHeader(id, policyName, createdAt, previous, run, policy, toolchains);
    }

    private static int Index<T>(Dictionary<T, int> table, T value)
        where T : notnull
    {
        if (!table.TryGetValue(value, out var index))
        {
            table[value] = index = table.Count;
        }

        return index;
    }

    private static void WriteNullable(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static void WriteDigest(BinaryWriter writer, Sha256Digest value, Span<byte> scratch)
    {
        value.WriteBytes(scratch);
        writer.Write(scratch);
    }

    /// <summary>The string table, decoded only for the indexes asked for (most entries need one or none).</summary>
    private sealed class LazyStrings((byte[] Bytes, int[] Offsets, int[] Lengths) table)
    {
        private readonly string?[] _decoded = new string?[table.Offsets.Length];

        public int Count => _decoded.Length;

        public string this[int index] => _decoded[index] ??= Encoding.UTF8.GetString(table.Bytes, table.Offsets[index], table.Lengths[index]);
    }
}
