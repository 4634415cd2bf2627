using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KernelAgent.BuildFarm.Matrix.Json;

/// <summary>
/// A pull reader of JSON tokens over a stream, holding only a small window of the document: catalogs and
/// snapshots of 100k records are read without ever holding their text whole. The tokens come from a
/// <see cref="JsonTokenizer"/> working ahead on another thread. Errors name the document and the byte offset.
/// </summary>
internal sealed class JsonTokenStream : IDisposable
{
    private readonly string _documentName;
    private readonly JsonTokenizer _tokenizer;
    private JsonTokenBatch? _batch;
    private int _index;

    public JsonTokenStream(Stream stream, string documentName)
    {
        _documentName = documentName;
        _tokenizer = new JsonTokenizer(stream, documentName);
    }

    public JsonTokenType TokenType { get; private set; } = JsonTokenType.None;

    /// <summary>The unescaped UTF-8 bytes of the current string, property name or number.</summary>
    public ReadOnlySpan<byte> ValueUtf8 => _index > 0 ? _batch!.Value(_index - 1) : default;

    private int ValueLength => ValueUtf8.Length;

    /// <summary>Where the reader is, for messages.</summary>
    public string Position =>
        $"{_documentName} at byte {(_index > 0 ? _batch!.Offsets[_index - 1] : 0).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Advances to the next token; false at the end of the document.</summary>
    /// <exception cref="MatrixDocumentException">The text is not valid JSON, or the stream failed.</exception>
    public bool Read()
    {
        while (_batch is null || _index >= _batch.Count)
        {
            if (_batch is not null)
            {
                if (_batch.Error is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_batch.Error);
                }

                if (_batch.IsLast)
                {
                    TokenType = JsonTokenType.None;
                    return false;
                }

                _tokenizer.Recycle(_batch);
            }

            _batch = _tokenizer.Take();
            _index = 0;
        }

        TokenType = _batch.Types[_index++];
        return true;
    }

    public void Expect(JsonTokenType type)
    {
        if (!Read() || TokenType != type)
        {
            throw Error($"expected {type}, found {(TokenType == JsonTokenType.None ? "the end of the document" : TokenType.ToString())}");
        }
    }

    /// <summary>Reads the next property name, or returns false at the end of the current object.</summary>
    public bool NextProperty()
    {
        if (!Read())
        {
            throw Error("ends inside an object");
        }

        return TokenType switch
        {
            JsonTokenType.PropertyName => true,
            JsonTokenType.EndObject => false,
            _ => throw Error($"expected a property name, found {TokenType}"),
        };
    }

    /// <summary>Reads the next array element's first token, or returns false at the end of the array.</summary>
    public bool NextElement()
    {
        if (!Read())
        {
            throw Error("ends inside an array");
        }

        return TokenType != JsonTokenType.EndArray;
    }

    public bool PropertyIs(ReadOnlySpan<byte> name) => TokenType == JsonTokenType.PropertyName && ValueUtf8.SequenceEqual(name);

    public string PropertyName => Encoding.UTF8.GetString(ValueUtf8);

    public string ReadString(StringPool pool)
    {
        Expect(JsonTokenType.String);
        return pool.Get(ValueUtf8);
    }

    /// <summary>
    /// The next string, as <paramref name="expected"/>'s own instance when equal (no allocation, no pool lookup: a
    /// snapshot entry that matches the new matrix repeats its strings), else from the pool.
    /// </summary>
    public string ReadString(StringPool pool, string expected)
    {
        Expect(JsonTokenType.String);
        Span<byte> encoded = expected.Length <= 128 ? stackalloc byte[expected.Length * 3] : new byte[expected.Length * 3];
        var length = Encoding.UTF8.GetBytes(expected, encoded);
        return ValueUtf8.SequenceEqual(encoded[..length]) ? expected : pool.Get(ValueUtf8);
    }

    public string? ReadNullableString(StringPool pool)
    {
        if (!Read())
        {
            throw Error("ends where a string was expected");
        }

        return TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => pool.Get(ValueUtf8),
            _ => throw Error($"expected a string or null, found {TokenType}"),
        };
    }

    public long ReadInt64()
    {
        Expect(JsonTokenType.Number);
        return System.Buffers.Text.Utf8Parser.TryParse(ValueUtf8, out long value, out var consumed) && consumed == ValueLength
            ? value
            : throw Error($"'{Encoding.UTF8.GetString(ValueUtf8)}' is not an integer");
    }

    public Sha256Digest ReadDigest()
    {
        Expect(JsonTokenType.String);
        return Sha256Digest.TryParse(ValueUtf8, out var digest) ? digest : throw Error($"'{Encoding.UTF8.GetString(ValueUtf8)}' is not a sha256 digest");
    }

    public DateTimeOffset ReadTime()
    {
        Expect(JsonTokenType.String);
        return DateTimeOffset.TryParse(Encoding.UTF8.GetString(ValueUtf8), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
            ? time
            : throw Error($"'{Encoding.UTF8.GetString(ValueUtf8)}' is not an ISO 8601 time");
    }

    /// <summary>Skips the value that follows a property name (a scalar, or a whole object or array).</summary>
    public void SkipValue()
    {
        if (!Read())
        {
            throw Error("ends where a value was expected");
        }

        if (TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return;
        }

        var depth = 1;
        while (depth > 0 && Read())
        {
            depth += TokenType switch
            {
                JsonTokenType.StartObject or JsonTokenType.StartArray => 1,
                JsonTokenType.EndObject or JsonTokenType.EndArray => -1,
                _ => 0,
            };
        }
    }

    public MatrixDocumentException Error(string problem, Exception? inner = null) =>
        inner is null ? new MatrixDocumentException($"{Position}: {problem}") : new MatrixDocumentException($"{Position}: {problem}", inner);

    public void Dispose() => _tokenizer.Dispose();
}
