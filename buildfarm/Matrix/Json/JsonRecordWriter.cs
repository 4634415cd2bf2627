using System.Buffers;
using System.Text.Json;

namespace KernelAgent.BuildFarm.Matrix.Json;

/// <summary>
/// Writes a JSON object whose arrays hold one record per line: compact like machine output, yet a diff of two
/// catalogs or snapshots shows one line per kernel or entry, and the document streams out record by record.
/// </summary>
internal sealed class JsonRecordWriter(Stream stream) : IDisposable
{
    /// <summary>
    /// Only what JSON requires is escaped ('"', '\\', control characters): these are files for people and tools,
    /// never embedded in HTML, and "6.12.117+deb12" should read as such rather than as "6.12.117\u002Bdeb12".
    /// </summary>
    public static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly byte[] _open = "{"u8.ToArray();
    private static readonly byte[] _comma = ","u8.ToArray();
    private static readonly byte[] _colon = ":"u8.ToArray();
    private static readonly byte[] _firstRecord = "[\n"u8.ToArray();
    private static readonly byte[] _nextRecord = ",\n"u8.ToArray();
    private static readonly byte[] _endRecords = "\n]"u8.ToArray();
    private static readonly byte[] _emptyRecords = "[]"u8.ToArray();
    private static readonly byte[] _end = "}\n"u8.ToArray();

    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private Utf8JsonWriter? _json;
    private bool _started;

    /// <summary>A scalar (or small object) property, written by <paramref name="writeValue"/> as one root value.</summary>
    public void Property(string name, Action<Utf8JsonWriter> writeValue)
    {
        Name(name);
        Emit(writeValue);
    }

    /// <summary>An array property, one record per line.</summary>
    public void Records<T>(string name, IEnumerable<T> records, Action<Utf8JsonWriter, T> writeRecord)
    {
        Name(name);
        var first = true;
        foreach (var record in records)
        {
            stream.Write(first ? _firstRecord : _nextRecord);
            first = false;
            Emit(json => writeRecord(json, record));
        }

        stream.Write(first ? _emptyRecords : _endRecords);
    }

    public void End() => stream.Write(_started ? _end : "{}\n"u8.ToArray());

    public void Dispose() => _json?.Dispose();

    private void Name(string name)
    {
        stream.Write(_started ? _comma : _open);
        _started = true;
        Emit(json => json.WriteStringValue(name));
        stream.Write(_colon);
    }

    private void Emit(Action<Utf8JsonWriter> write)
    {
        _buffer.ResetWrittenCount();
        if (_json is null)
        {
            _json = new Utf8JsonWriter(_buffer, Options);
        }
        else
        {
            _json.Reset(_buffer);
        }

        write(_json);
        _json.Flush();
        stream.Write(_buffer.WrittenSpan);
    }
}
