using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace KernelAgent.Journald;

/// <summary>
/// Encodes one journal entry in journald's native protocol (systemd "Native Journal Protocol" document):
/// <c>KEY=VALUE\n</c> per field, or for a value containing a newline the binary-safe form
/// <c>KEY\n</c> + 64-bit little-endian length + value + <c>\n</c>.
/// </summary>
internal sealed class JournalEntryBuilder
{
    // A buffer grown by one huge entry is dropped afterwards rather than kept for the process lifetime.
    private const int RetainedCapacity = 64 * 1024;

    private ArrayBufferWriter<byte> _buffer = new(4096);

    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    public void Clear()
    {
        if (_buffer.Capacity > RetainedCapacity)
        {
            _buffer = new ArrayBufferWriter<byte>(4096);
        }
        else
        {
            _buffer.Clear();
        }
    }

    /// <summary>Appends one field; <paramref name="name"/> must be one <see cref="JournalFieldName.IsValid"/> accepts.</summary>
    public void Add(string name, string value)
    {
        WriteAscii(name);
        var valueLength = Encoding.UTF8.GetByteCount(value);
        if (value.Contains('\n', StringComparison.Ordinal))
        {
            var header = _buffer.GetSpan(1 + sizeof(ulong));
            header[0] = (byte)'\n';
            BinaryPrimitives.WriteUInt64LittleEndian(header[1..], (ulong)valueLength);
            _buffer.Advance(1 + sizeof(ulong));
        }
        else
        {
            WriteByte((byte)'=');
        }

        _buffer.Advance(Encoding.UTF8.GetBytes(value, _buffer.GetSpan(valueLength)));
        WriteByte((byte)'\n');
    }

    private void WriteAscii(string name)
    {
        var span = _buffer.GetSpan(name.Length);
        _buffer.Advance(Encoding.ASCII.GetBytes(name, span));
    }

    private void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }
}
