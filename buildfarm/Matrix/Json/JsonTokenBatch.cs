using System.Text.Json;

namespace KernelAgent.BuildFarm.Matrix.Json;

/// <summary>
/// A run of tokens handed from the <see cref="JsonTokenizer"/> thread to the reader: types, where each ended in the
/// document, and the unescaped values of strings, property names and numbers side by side in one byte array.
/// The last batch of a document says so, or carries the error that stopped the tokenizer.
/// </summary>
internal sealed class JsonTokenBatch
{
    public const int Capacity = 8192;

    private byte[] _values = new byte[Capacity * 32];

    public JsonTokenType[] Types { get; } = new JsonTokenType[Capacity];

    public int[] ValueStarts { get; } = new int[Capacity];

    public int[] ValueLengths { get; } = new int[Capacity];

    /// <summary>The document offset just after each token, for messages.</summary>
    public long[] Offsets { get; } = new long[Capacity];

    public int Count { get; private set; }

    public bool IsFull => Count == Capacity;

    /// <summary>The document ends after these tokens.</summary>
    public bool IsLast { get; set; }

    /// <summary>The document could not be tokenised past these tokens.</summary>
    public Exception? Error { get; set; }

    public ReadOnlySpan<byte> Value(int index) => _values.AsSpan(ValueStarts[index], ValueLengths[index]);

    /// <summary>Appends a token; <paramref name="maxValueLength"/> bytes are made room for and the value is written by the caller.</summary>
    public Span<byte> Add(JsonTokenType type, long offset, int maxValueLength)
    {
        var start = Count == 0 ? 0 : ValueStarts[Count - 1] + ValueLengths[Count - 1];
        if (start + maxValueLength > _values.Length)
        {
            Array.Resize(ref _values, Math.Max(_values.Length * 2, start + maxValueLength));
        }

        Types[Count] = type;
        Offsets[Count] = offset;
        ValueStarts[Count] = start;
        ValueLengths[Count] = 0;
        Count++;
        return _values.AsSpan(start, maxValueLength);
    }

    /// <summary>The length of the value just written for the last token.</summary>
    public void SetLastValueLength(int length) => ValueLengths[Count - 1] = length;

    public void Clear()
    {
        Count = 0;
        IsLast = false;
        Error = null;
    }
}
