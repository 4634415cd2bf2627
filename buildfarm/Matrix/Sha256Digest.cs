using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace KernelAgent.BuildFarm.Matrix;

/// <summary>
/// A SHA-256 value held in 32 bytes rather than a 64-character string: a matrix of 100k entries holds
/// several per entry, and as strings they alone would take most of the planner's memory budget.
/// Written and read as lower-case hex (the form used everywhere else in the store).
/// </summary>
public readonly record struct Sha256Digest(ulong A, ulong B, ulong C, ulong D) : IComparable<Sha256Digest>
{
    public const int HexLength = 64;

    public static Sha256Digest Of(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, hash);
        return FromBytes(hash);
    }

    public static Sha256Digest OfText(string text) => Of(Encoding.UTF8.GetBytes(text));

    public static Sha256Digest FromBytes(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt64BigEndian(bytes),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));

    /// <summary>Parses 64 hex digits (either case).</summary>
    public static bool TryParse(ReadOnlySpan<char> hex, out Sha256Digest digest)
    {
        digest = default;
        Span<byte> bytes = stackalloc byte[SHA256.HashSizeInBytes];
        if (hex.Length != HexLength || Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != bytes.Length)
        {
            return false;
        }

        digest = FromBytes(bytes);
        return true;
    }

    /// <summary>Parses 64 hex digits given as UTF-8 (straight from a JSON reader, no string made).</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Hex, out Sha256Digest digest)
    {
        digest = default;
        if (utf8Hex.Length != HexLength)
        {
            return false;
        }

        Span<char> chars = stackalloc char[HexLength];
        for (var i = 0; i < HexLength; i++)
        {
            chars[i] = (char)utf8Hex[i];
        }

        return TryParse(chars, out digest);
    }

    /// <exception cref="FormatException">Not 64 hex digits.</exception>
    public static Sha256Digest Parse(string hex) =>
        TryParse(hex, out var digest) ? digest : throw new FormatException($"'{hex}' is not a sha256 digest (64 hex digits)");

    public void WriteBytes(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, A);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], B);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], C);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], D);
    }

    /// <summary>The digest's own first bits: already uniform, nothing to mix.</summary>
    public override int GetHashCode() => (int)A;

    /// <summary>Lower-case hex.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[SHA256.HashSizeInBytes];
        WriteBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>Orders as the hex strings would.</summary>
    public int CompareTo(Sha256Digest other)
    {
        var order = A.CompareTo(other.A);
        order = order != 0 ? order : B.CompareTo(other.B);
        order = order != 0 ? order : C.CompareTo(other.C);
        return order != 0 ? order : D.CompareTo(other.D);
    }

    public static bool operator <(Sha256Digest left, Sha256Digest right) => left.CompareTo(right) < 0;

    public static bool operator >(Sha256Digest left, Sha256Digest right) => left.CompareTo(right) > 0;

    public static bool operator <=(Sha256Digest left, Sha256Digest right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Sha256Digest left, Sha256Digest right) => left.CompareTo(right) >= 0;
}
