using System.Globalization;
using System.Text;

namespace KernelAgent.BuildFarm.Matrix.Snapshots;

/// <summary>
/// Reads the primitives of a v2 snapshot (<see cref="SnapshotBinary"/>) from its bytes: 7-bit encoded counts and
/// lengths as <see cref="BinaryWriter"/> writes them, raw digests, and table indexes checked against their table.
/// Every failure names the document and the byte offset.
/// </summary>
internal sealed class SnapshotReader(byte[] bytes, string documentName)
{
    private int _position;

    public void ExpectFirstLine()
    {
        var firstLine = SnapshotBinary.FirstLine;
        if (bytes.AsSpan().StartsWith(firstLine))
        {
            _position = firstLine.Length;
            return;
        }

        if (bytes.AsSpan().StartsWith(SnapshotBinary.FormatPrefix))
        {
            var end = bytes.AsSpan(0, Math.Min(bytes.Length, 64)).IndexOf((byte)'\n');
            var named = Encoding.UTF8.GetString(bytes, 0, end < 0 ? Math.Min(bytes.Length, 64) : end);
            throw Error($"is a '{named}' snapshot, a format this farm does not read (it reads {SnapshotBinary.Format} and gzip JSON v1); upgrade the farm");
        }

        throw Error($"is not a {SnapshotBinary.Format} snapshot (its first line is not '{SnapshotBinary.Format}')");
    }

    public int Count()
    {
        var value = SevenBitInt();
        return value <= bytes.Length - _position ? value : throw Error($"declares {value} items, more than the bytes left");
    }

    /// <summary>An index into a table of <paramref name="tableLength"/> items.</summary>
    public int Index(int tableLength)
    {
        var value = SevenBitInt();
        return value < tableLength ? value : throw Error($"refers to item {value} of a table of {tableLength}");
    }

    public byte Byte() => _position < bytes.Length ? bytes[_position++] : throw Truncated();

    public Sha256Digest Digest()
    {
        if (bytes.Length - _position < 32)
        {
            throw Truncated();
        }

        var digest = Sha256Digest.FromBytes(bytes.AsSpan(_position, 32));
        _position += 32;
        return digest;
    }

    public string String()
    {
        var length = Length();
        var value = Encoding.UTF8.GetString(bytes, _position, length);
        _position += length;
        return value;
    }

    public string? NullableString() => Byte() switch
    {
        0 => null,
        1 => String(),
        var other => throw Error($"has {other} where a 0 or 1 (absent or present) was expected"),
    };

    /// <summary>Where each string of the table is, without decoding any.</summary>
    public (byte[] Bytes, int[] Offsets, int[] Lengths) StringTable()
    {
        var count = Count();
        var offsets = new int[count];
        var lengths = new int[count];
        for (var i = 0; i < count; i++)
        {
            lengths[i] = Length();
            offsets[i] = _position;
            _position += lengths[i];
        }

        return (bytes, offsets, lengths);
    }

    public void ExpectEnd()
    {
        if (_position != bytes.Length)
        {
            throw Error($"has {bytes.Length - _position} bytes after its last entry");
        }
    }

    public MatrixDocumentException Error(string problem) =>
        new($"{documentName} at byte {_position.ToString(CultureInfo.InvariantCulture)}: {problem}");

    private int Length()
    {
        var length = SevenBitInt();
        return length <= bytes.Length - _position ? length : throw Truncated();
    }

    private int SevenBitInt()
    {
        var value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = Byte();
            value |= (b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value >= 0 ? value : throw Error("has a negative count or length");
            }
        }

        throw Error("has a count or length longer than 5 bytes");
    }

    private MatrixDocumentException Truncated() => Error("ends early (cut short or damaged)");
}
