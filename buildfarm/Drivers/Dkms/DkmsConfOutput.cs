using System.Globalization;
using System.Text;

namespace KernelAgent.BuildFarm.Drivers.Dkms;

/// <summary>
/// The serialised form the sandboxed dkms.conf reader prints, and its strict reader. Every field ends with a NUL
/// byte: the header <c>KA-DKMS-CONF-1</c>, then one triple <c>NAME INDEX VALUE</c> per set array element, then
/// <c>END</c>, then nothing. NUL cannot occur in a bash value, so no quoting exists to get wrong. Anything else
/// (unknown names, non-decimal or repeated indexes, invalid UTF-8, a missing end, trailing bytes) is refused.
/// </summary>
internal static class DkmsConfOutput
{
    public const string Header = "KA-DKMS-CONF-1";
    public const string End = "END";

    /// <summary>Output larger than this is refused before reading (a dkms.conf sets a few kilobytes).</summary>
    public const int MaxBytes = 1 << 20;

    private const int MaxIndex = 99_999;
    private static readonly UTF8Encoding _strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads the reader's output; false with <paramref name="error"/> naming the first problem.</summary>
    public static bool TryParse(ReadOnlySpan<byte> output, out DkmsConfVariables? variables, out string error)
    {
        variables = null;
        if (output.Length > MaxBytes)
        {
            error = $"the output is {output.Length} bytes, more than the {MaxBytes} a dkms.conf may produce";
            return false;
        }

        var fields = new List<string>();
        var rest = output;
        while (!rest.IsEmpty)
        {
            var nul = rest.IndexOf((byte)0);
            if (nul < 0)
            {
                error = $"the output ends inside a field after {fields.Count} fields (no terminating NUL)";
                return false;
            }

            try
            {
                fields.Add(_strictUtf8.GetString(rest[..nul]));
            }
            catch (DecoderFallbackException)
            {
                error = $"field {fields.Count} is not valid UTF-8";
                return false;
            }

            rest = rest[(nul + 1)..];
        }

        return TryRead(fields, out variables, out error);
    }

    /// <summary>The serialised form of <paramref name="values"/> (what the sandboxed reader prints); used by tests and fakes.</summary>
    public static byte[] Write(IEnumerable<(string Name, int Index, string Value)> values)
    {
        var text = new StringBuilder(Header).Append('\0');
        foreach (var (name, index, value) in values)
        {
            text.Append(name).Append('\0').Append(index.ToString(CultureInfo.InvariantCulture)).Append('\0').Append(value).Append('\0');
        }

        return Encoding.UTF8.GetBytes(text.Append(End).Append('\0').ToString());
    }

    private static bool TryRead(List<string> fields, out DkmsConfVariables? variables, out string error)
    {
        variables = null;
        if (fields.Count == 0 || fields[0] != Header)
        {
            error = $"the output does not start with '{Header}' (the reader did not run, or dkms.conf wrote to its output)";
            return false;
        }

        var values = new Dictionary<string, SortedDictionary<int, string>>(StringComparer.Ordinal);
        var at = 1;
        while (at < fields.Count && fields[at] != End)
        {
            if (at + 2 >= fields.Count)
            {
                error = "the output ends inside a NAME INDEX VALUE triple (dkms.conf exited before the reader finished?)";
                return false;
            }

            var (name, indexText, value) = (fields[at], fields[at + 1], fields[at + 2]);
            if (!DkmsConfVariables.IsKnown(name))
            {
                error = $"unexpected variable name '{Printable(name)}'";
                return false;
            }

            if (!TryIndex(indexText, out var index))
            {
                error = $"{name} has the index '{Printable(indexText)}'; only array indexes 0..{MaxIndex} are accepted (an associative array?)";
                return false;
            }

            var array = values.TryGetValue(name, out var existing) ? existing : values[name] = [];
            if (!array.TryAdd(index, value))
            {
                error = $"{name}[{index}] appears twice";
                return false;
            }

            at += 3;
        }

        if (at >= fields.Count)
        {
            error = $"the output has no '{End}' (dkms.conf exited before the reader finished?)";
            return false;
        }

        if (at != fields.Count - 1)
        {
            error = $"the output continues after '{End}'";
            return false;
        }

        variables = new DkmsConfVariables(values);
        error = string.Empty;
        return true;
    }

    private static bool TryIndex(string text, out int index)
    {
        index = 0;
        if (text.Length is 0 or > 5 || (text.Length > 1 && text[0] == '0') || !text.All(char.IsAsciiDigit))
        {
            return false;
        }

        index = int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        return index <= MaxIndex;
    }

    private static string Printable(string text)
    {
        var shown = text.Length > 40 ? text[..40] + "..." : text;
        return string.Concat(shown.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()));
    }
}
