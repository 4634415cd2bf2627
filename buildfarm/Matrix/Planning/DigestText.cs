using System.Text;

namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>
/// Builds the small texts that keys are the SHA-256 of, as UTF-8 bytes in one reused buffer: a plan hashes
/// several per entry, and making each one a string first was most of a 100k-entry plan's time and garbage.
/// </summary>
internal sealed class DigestText
{
    [ThreadStatic]
    private static DigestText? _current;

    private byte[] _buffer = new byte[1024];
    private int _length;

    /// <summary>This thread's instance, emptied.</summary>
    public static DigestText Begin()
    {
        var text = _current ??= new DigestText();
        text._length = 0;
        return text;
    }

    public DigestText Append(string value)
    {
        Reserve(Encoding.UTF8.GetMaxByteCount(value.Length));
        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
        return this;
    }

    public DigestText Append(char ascii)
    {
        Reserve(1);
        _buffer[_length++] = (byte)ascii;
        return this;
    }

    /// <summary>Lower-case hex, as the digest's string form.</summary>
    public DigestText Append(Sha256Digest digest)
    {
        Reserve(Sha256Digest.HexLength);
        Span<byte> bytes = stackalloc byte[32];
        digest.WriteBytes(bytes);
        Convert.TryToHexStringLower(bytes, _buffer.AsSpan(_length, Sha256Digest.HexLength), out var written);
        _length += written;
        return this;
    }

    public DigestText Line(string value) => Append(value).Append('\n');

    public DigestText Line(string name, string value) => Append(name).Append('=').Append(value).Append('\n');

    public DigestText Line(string name, Sha256Digest value) => Append(name).Append('=').Append(value).Append('\n');

    public Sha256Digest Digest() => Sha256Digest.Of(_buffer.AsSpan(0, _length));

    private void Reserve(int bytes)
    {
        if (_length + bytes > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
        }
    }
}
