using System.Globalization;
using Serilog.Core;
using Serilog.Events;

namespace KernelAgent.Journald;

/// <summary>
/// Maps one Serilog event to journal fields: MESSAGE, PRIORITY, SYSLOG_IDENTIFIER, MESSAGE_ID (from the
/// Microsoft.Extensions.Logging event id), EXCEPTION, and every structured property in upper snake case.
/// When two properties map to one field (<c>Driver</c> in the message, <c>DRIVER</c> from a scope), the first
/// wins: the event's own properties come before scope properties. Not thread-safe: the sink serialises calls.
/// </summary>
internal sealed class LogEventJournalEncoder
{
    // Serilog.Extensions.Logging attaches the MEL EventId as a structure with these members.
    private const string EventIdProperty = "EventId";
    private const string EventIdMember = "Id";
    private const string EventNameMember = "Name";
    private const string CollisionPrefix = "PROPERTY_";

    private static readonly HashSet<string> s_sinkFields = new(StringComparer.Ordinal)
    {
        JournalFields.Message,
        JournalFields.MessageId,
        JournalFields.Priority,
        JournalFields.SyslogIdentifier,
        JournalFields.Exception,
        JournalFields.EventId,
        JournalFields.EventName,
    };

    private readonly Dictionary<string, string?> _fieldNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private readonly string _syslogIdentifier;
    private readonly MessageIdScheme _messageIds;

    public LogEventJournalEncoder(string syslogIdentifier, MessageIdScheme messageIds)
    {
        _syslogIdentifier = syslogIdentifier;
        _messageIds = messageIds;
    }

    public void Encode(LogEvent logEvent, JournalEntryBuilder entry)
    {
        entry.Add(JournalFields.Message, PlainTextRenderer.RenderMessage(logEvent));
        entry.Add(JournalFields.Priority, SyslogPriority.FromLevel(logEvent.Level).ToString(CultureInfo.InvariantCulture));
        entry.Add(JournalFields.SyslogIdentifier, _syslogIdentifier);
        AddEventId(logEvent, entry);
        if (logEvent.Exception is not null)
        {
            entry.Add(JournalFields.Exception, logEvent.Exception.ToString());
        }

        _written.Clear();
        foreach (var (name, value) in logEvent.Properties)
        {
            var field = name == EventIdProperty ? null : FieldFor(name);
            var text = field is null ? null : PlainTextRenderer.RenderValue(value);
            if (text is not null && _written.Add(field!))
            {
                entry.Add(field!, text);
            }
        }
    }

    private string? FieldFor(string propertyName)
    {
        if (!_fieldNames.TryGetValue(propertyName, out var field))
        {
            field = FieldNameFor(propertyName);
            _fieldNames[propertyName] = field;
        }

        return field;
    }

    private static string? FieldNameFor(string propertyName)
    {
        var field = JournalFieldName.FromPropertyName(propertyName);
        if (field is null || !s_sinkFields.Contains(field))
        {
            return field;
        }

        // A property called "Message" must not become a second MESSAGE field.
        return JournalFieldName.FromPropertyName(CollisionPrefix + field);
    }

    private void AddEventId(LogEvent logEvent, JournalEntryBuilder entry)
    {
        if (!logEvent.Properties.TryGetValue(EventIdProperty, out var value) || value is not StructureValue structure)
        {
            return;
        }

        int? id = null;
        string? name = null;
        foreach (var member in structure.Properties)
        {
            if (member is { Name: EventIdMember, Value: ScalarValue { Value: int number } })
            {
                id = number;
            }
            else if (member is { Name: EventNameMember, Value: ScalarValue { Value: string text } })
            {
                name = text;
            }
        }

        if (id is not { } eventId)
        {
            return;
        }

        var category = logEvent.Properties.TryGetValue(Constants.SourceContextPropertyName, out var source)
            && source is ScalarValue { Value: string sourceName } ? sourceName : null;
        if (_messageIds.For(category, eventId) is { } messageId)
        {
            entry.Add(JournalFields.MessageId, messageId);
        }

        entry.Add(JournalFields.EventId, eventId.ToString(CultureInfo.InvariantCulture));
        if (name is not null)
        {
            entry.Add(JournalFields.EventName, name);
        }
    }
}
