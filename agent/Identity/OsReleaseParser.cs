using System.Buffers;
using System.Text;

namespace KernelAgent.Agent.Identity;

/// <summary>
/// Parses the os-release(5) format: "a newline-separated list of environment-like shell-compatible
/// variable assignments", with values "enclosed in double or single quotes if they include spaces,
/// semicolons or other special characters", shell special characters ("$", quotes, backslash, backtick)
/// "escaped with backslashes, following shell style", no concatenation of quoted strings, "#" comment
/// lines and blank lines. Anything a shell would read differently from a plain assignment (an unquoted
/// space, an unescaped <c>$</c>, an unterminated quote) is an error naming the file and line, because a
/// shell sourcing the file would not yield the value we would otherwise guess.
/// </summary>
internal static class OsReleaseParser
{
    /// <summary>Characters a shell treats specially in an unquoted word; such values must be quoted.</summary>
    private static readonly SearchValues<char> UnquotedSpecials = SearchValues.Create(" \t\"'$`;&|<>()*?[");

    /// <summary>Inside double quotes a backslash escapes only these (POSIX sh, "Double-Quotes").</summary>
    private static readonly SearchValues<char> DoubleQuoteEscapable = SearchValues.Create("\"\\$`");

    /// <summary>"Non-printable characters should not be used" (os-release(5)); a tab inside quotes is kept.</summary>
    private static readonly SearchValues<char> ControlCharacters = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Where(c => c != '\t').Select(c => (char)c)) + "\u007f");

    public static OsRelease Parse(string text, string sourcePath)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var repeated = new List<string>();
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].TrimStart(' ', '\t');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var lineNumber = index + 1;
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw Malformed(sourcePath, null, lineNumber, "expected KEY=VALUE");
            }

            var key = line[..equals];
            if (!IsVariableName(key))
            {
                throw Malformed(sourcePath, null, lineNumber, $"'{Printable(key)}' is not a shell variable name");
            }

            var value = ParseValue(line[(equals + 1)..], sourcePath, key, lineNumber);
            if (!fields.TryAdd(key, value))
            {
                fields[key] = value;
                repeated.Add(key);
            }
        }

        return new OsRelease(sourcePath, fields, repeated);
    }

    private static string ParseValue(string raw, string sourcePath, string key, int lineNumber)
    {
        IdentityException Fail(string problem) => Malformed(sourcePath, key, lineNumber, problem);

        var value = new StringBuilder(raw.Length);
        int end;
        if (raw.StartsWith('"'))
        {
            end = ReadDoubleQuoted(raw, value, Fail);
        }
        else if (raw.StartsWith('\''))
        {
            end = raw.IndexOf('\'', 1);
            if (end < 0)
            {
                throw Fail("the single quote is not closed on this line (values spanning lines are not supported)");
            }

            value.Append(raw, 1, end - 1);
            end++;
        }
        else
        {
            end = ReadUnquoted(raw, value, Fail);
        }

        var rest = raw.AsSpan(end).Trim(" \t");
        if (rest is "\r")
        {
            throw Fail("the line ends in a carriage return (DOS line endings are not os-release(5) format)");
        }

        if (!rest.IsEmpty)
        {
            throw Fail(raw[0] is '"' or '\''
                ? "text follows the closing quote (os-release(5) does not support concatenating quoted strings)"
                : $"unquoted value contains a space or a shell special character at '{Printable(rest.ToString())}'; such values must be quoted");
        }

        var result = value.ToString();
        var control = result.AsSpan().IndexOfAny(ControlCharacters);
        if (control >= 0)
        {
            throw Fail(result[control] == '\r'
                ? "the line ends in a carriage return (DOS line endings are not os-release(5) format)"
                : $"the value contains the control character U+{(int)result[control]:X4}");
        }

        return result;
    }

    private static int ReadDoubleQuoted(string raw, StringBuilder value, Func<string, IdentityException> fail)
    {
        for (var i = 1; i < raw.Length; i++)
        {
            var c = raw[i];
            switch (c)
            {
                case '"':
                    return i + 1;
                case '\\' when i + 1 == raw.Length:
                    throw fail("the line ends in a backslash (values spanning lines are not supported)");
                case '\\' when DoubleQuoteEscapable.Contains(raw[i + 1]):
                    value.Append(raw[++i]);
                    break;
                case '$' or '`':
                    throw fail($"unescaped '{c}' inside double quotes (a shell would expand it; os-release(5) requires \\{c})");
                default:
                    // A backslash before any other character stays, as in the shell.
                    value.Append(c);
                    break;
            }
        }

        throw fail("the double quote is not closed on this line (values spanning lines are not supported)");
    }

    private static int ReadUnquoted(string raw, StringBuilder value, Func<string, IdentityException> fail)
    {
        var i = 0;
        while (i < raw.Length)
        {
            var c = raw[i];
            if (c == '\\')
            {
                if (i + 1 == raw.Length)
                {
                    throw fail("the line ends in a backslash (values spanning lines are not supported)");
                }

                value.Append(raw[i + 1]);
                i += 2;
                continue;
            }

            if (UnquotedSpecials.Contains(c))
            {
                break;
            }

            value.Append(c);
            i++;
        }

        return i;
    }

    private static bool IsVariableName(string key) =>
        (char.IsAsciiLetter(key[0]) || key[0] == '_') && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static IdentityException Malformed(string sourcePath, string? key, int lineNumber, string problem) =>
        new(new IdentityProblem(sourcePath, key, $"line {lineNumber}: {problem}"));

    private static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
