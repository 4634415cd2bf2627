using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace KernelAgent.BuildFarm.Matrix.Json;

/// <summary>
/// Splits a JSON stream into tokens on a thread of its own, a batch at a time, while the reader turns the previous
/// batches into records: reading a 100k-kernel catalog is about half tokenising and half building objects, so the two
/// halves run on two cores. One <see cref="Utf8JsonReader"/> reads each window of the stream whole.
/// </summary>
internal sealed class JsonTokenizer : IDisposable
{
    private const int InitialBufferSize = 64 * 1024;
    private const int BatchesInFlight = 4;

    private readonly Stream _stream;
    private readonly string _documentName;
    private readonly BlockingCollection<JsonTokenBatch> _full = new(BatchesInFlight);
    private readonly ConcurrentQueue<JsonTokenBatch> _free = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    private int _start;
    private int _end;
    private long _offsetOfBuffer;
    private bool _finalBlock;
    private JsonReaderState _state = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });

    public JsonTokenizer(Stream stream, string documentName)
    {
        _stream = stream;
        _documentName = documentName;
        _run = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The next batch, waiting for it; the last one has <see cref="JsonTokenBatch.IsLast"/> or an error.</summary>
    public JsonTokenBatch Take() => _full.Take();

    /// <summary>Hands a read batch back for reuse.</summary>
    public void Recycle(JsonTokenBatch batch) => _free.Enqueue(batch);

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _run.Wait();
        }
        catch (AggregateException)
        {
        }

        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _stop.Dispose();
        _full.Dispose();
    }

    private void Run()
    {
        var batch = NextFree();
        try
        {
            while (true)
            {
                var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _finalBlock, _state);
                try
                {
                    while (reader.Read())
                    {
                        Add(batch, ref reader);
                        if (batch.IsFull)
                        {
                            _full.Add(batch, _stop.Token);
                            batch = NextFree();
                        }
                    }
                }
                catch (JsonException e)
                {
                    _start += (int)reader.BytesConsumed;
                    throw new MatrixDocumentException($"{Position()}: is not valid JSON ({e.Message})", e);
                }

                _start += (int)reader.BytesConsumed;
                _state = reader.CurrentState;
                if (_finalBlock)
                {
                    batch.IsLast = true;
                    break;
                }

                Refill();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            // Whatever stopped the tokenizer reaches the reader, after the tokens before it.
            batch.Error = e is IOException ? new MatrixDocumentException($"{Position()}: could not be read: {e.Message}", e) : e;
        }

        try
        {
            _full.Add(batch, _stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Add(JsonTokenBatch batch, ref Utf8JsonReader reader)
    {
        var type = reader.TokenType;
        var offset = _offsetOfBuffer + _start + reader.BytesConsumed;
        if (type is not (JsonTokenType.String or JsonTokenType.PropertyName or JsonTokenType.Number))
        {
            batch.Add(type, offset, 0);
            return;
        }

        var raw = reader.ValueSpan;
        var value = batch.Add(type, offset, raw.Length);
        batch.SetLastValueLength(reader.ValueIsEscaped ? reader.CopyString(value) : Copy(raw, value));
    }

    private static int Copy(ReadOnlySpan<byte> from, Span<byte> to)
    {
        from.CopyTo(to);
        return from.Length;
    }

    private JsonTokenBatch NextFree()
    {
        if (!_free.TryDequeue(out var batch))
        {
            batch = new JsonTokenBatch();
        }

        batch.Clear();
        return batch;
    }

    private string Position() => $"{_documentName} at byte {(_offsetOfBuffer + _start).ToString(CultureInfo.InvariantCulture)}";

    // Keeps the unread tail, grows the window when one token does not fit, then reads more of the stream.
    private void Refill()
    {
        var remaining = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, remaining);
            _offsetOfBuffer += _start;
            _start = 0;
            _end = remaining;
        }

        if (_end == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        var count = _stream.Read(_buffer, _end, _buffer.Length - _end);
        _end += count;
        _finalBlock = count == 0;
    }
}
