using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;

namespace KernelAgent.Journald;

/// <summary>
/// Serilog sink writing journald's native protocol. Logging never takes the program down: an entry journald
/// does not take is dropped, counted in <see cref="DroppedEntries"/> and reported to Serilog's SelfLog.
/// </summary>
public sealed class JournaldSink : ILogEventSink, IDisposable
{
    private readonly Lock _lock = new();
    private readonly JournalEntryBuilder _entry = new();
    private readonly LogEventJournalEncoder _encoder;
    private readonly IJournalTransport _transport;
    private long _droppedEntries;

    internal JournaldSink(IJournalTransport transport, string syslogIdentifier, MessageIdScheme messageIds)
    {
        _transport = transport;
        _encoder = new LogEventJournalEncoder(syslogIdentifier, messageIds);
    }

    public long DroppedEntries => Interlocked.Read(ref _droppedEntries);

    public void Emit(LogEvent logEvent)
    {
        lock (_lock)
        {
            try
            {
                _entry.Clear();
                _encoder.Encode(logEvent, _entry);
                _transport.Send(_entry.Written.Span);
            }
#pragma warning disable CA1031 // Whatever fails while logging must not surface in the code that logged.
            catch (Exception e)
#pragma warning restore CA1031
            {
                var dropped = Interlocked.Increment(ref _droppedEntries);
                SelfLog.WriteLine("Dropped journal entry #{0}: {1}", dropped, e.Message);
            }
        }
    }

    public void Dispose() => _transport.Dispose();
}
