namespace KernelAgent.Journald;

/// <summary>Turns structured property names into names journald accepts.</summary>
/// <remarks>
/// journald keeps a field only if its name is 1-64 characters of <c>A-Z</c>, <c>0-9</c> and <c>_</c>,
/// does not start with a digit, and does not start with <c>_</c>: those are trusted fields that only
/// journald itself sets and it drops them from clients (systemd.journal-fields(7), journal_field_valid()
/// in systemd's journal-file.c).
/// </remarks>
internal static class JournalFieldName
{
    /// <summary>The longest field name journald accepts.</summary>
    public const int MaxLength = 64;

    /// <summary>
    /// Upper snake case of <paramref name="propertyName"/>: <c>KernelRelease</c> -> <c>KERNEL_RELEASE</c>,
    /// <c>BuildID</c> -> <c>BUILD_ID</c>, <c>sha256Digest</c> -> <c>SHA256_DIGEST</c>; any other character
    /// becomes <c>_</c>; leading underscores and digits are removed; the result is cut at 64 characters.
    /// Null when nothing valid is left.
    /// </summary>
    public static string? FromPropertyName(string propertyName)
    {
        Span<char> buffer = stackalloc char[MaxLength];
        var length = 0;
        for (var i = 0; i < propertyName.Length && length < MaxLength; i++)
        {
            var c = propertyName[i];
            var wordStart = i > 0 && char.IsAsciiLetterUpper(c) && StartsWord(propertyName, i);
            if (wordStart && length > 0 && buffer[length - 1] != '_')
            {
                buffer[length++] = '_';
                if (length == MaxLength)
                {
                    break;
                }
            }

            var mapped = char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_';
            var leading = length == 0 && (mapped == '_' || char.IsAsciiDigit(mapped));
            var repeatedUnderscore = mapped == '_' && length > 0 && buffer[length - 1] == '_';
            if (!leading && !repeatedUnderscore)
            {
                buffer[length++] = mapped;
            }
        }

        return length == 0 ? null : new string(buffer[..length]);
    }

    /// <summary>Whether a valid journald field name can be sent by a client as it is.</summary>
    public static bool IsValid(string name)
    {
        if (name.Length is 0 or > MaxLength || name[0] == '_' || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterUpper(c) && !char.IsAsciiDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    private static bool StartsWord(string name, int i)
    {
        var previous = name[i - 1];
        if (char.IsAsciiLetterLower(previous) || char.IsAsciiDigit(previous))
        {
            return true;
        }

        // "HTTPServer": the S starts a word because a lower-case letter follows it.
        return char.IsAsciiLetterUpper(previous) && i + 1 < name.Length && char.IsAsciiLetterLower(name[i + 1]);
    }
}
