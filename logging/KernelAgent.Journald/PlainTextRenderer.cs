using System.Globalization;
using System.Text;
using Serilog.Events;
using Serilog.Parsing;

namespace KernelAgent.Journald;

/// <summary>
/// Renders messages and property values as plain text for people and for journal fields: unlike Serilog's
/// default rendering, strings are not quoted (<c>loaded e1000e</c>, not <c>loaded "e1000e"</c>), and numbers
/// and dates use the invariant culture.
/// </summary>
internal static class PlainTextRenderer
{
    public static string RenderMessage(LogEvent logEvent)
    {
        var text = new StringBuilder();
        using var writer = new StringWriter(text, CultureInfo.InvariantCulture);
        foreach (var token in logEvent.MessageTemplate.Tokens)
        {
            if (token is PropertyToken property
                && logEvent.Properties.TryGetValue(property.PropertyName, out var value))
            {
                RenderValue(value, property.Format, writer);
            }
            else if (token is TextToken textToken)
            {
                writer.Write(textToken.Text);
            }
            else
            {
                writer.Write(token.ToString());
            }
        }

        return text.ToString();
    }

    /// <summary>The value as field text; null for a null scalar, which is left out rather than sent empty.</summary>
    public static string? RenderValue(LogEventPropertyValue value)
    {
        if (value is ScalarValue { Value: null })
        {
            return null;
        }

        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        RenderValue(value, format: null, writer);
        return writer.ToString();
    }

    private static void RenderValue(LogEventPropertyValue value, string? format, StringWriter writer)
    {
        switch (value)
        {
            case ScalarValue { Value: string text }:
                writer.Write(text);
                break;
            case ScalarValue { Value: bool flag }:
                writer.Write(flag ? "true" : "false");
                break;
            case ScalarValue { Value: IFormattable formattable }:
                writer.Write(formattable.ToString(format, CultureInfo.InvariantCulture));
                break;
            default:
                value.Render(writer, format, CultureInfo.InvariantCulture);
                break;
        }
    }
}
