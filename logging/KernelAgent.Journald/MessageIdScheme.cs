using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KernelAgent.Journald;

/// <summary>
/// journald MESSAGE_IDs of one program: a name-based UUID (version 5, RFC 9562 section 5.5) in the program's
/// fixed namespace, written as journald writes ids (32 lower-case hex digits).
/// </summary>
/// <remarks>
/// The name is <c>&lt;program&gt;/&lt;event id&gt;</c> for the program's own events (category starting with
/// <see cref="OwnCategoryPrefix"/>) and <c>&lt;category&gt;/&lt;event id&gt;</c> for events of libraries and the
/// framework, whose small ids would otherwise collide with each other. Anyone can recompute an id:
/// <c>python3 -c 'import uuid; print(uuid.uuid5(uuid.UUID("&lt;namespace&gt;"), "kernel-agent/1300").hex)'</c>.
/// Event id 0 means "no id" in Microsoft.Extensions.Logging: no MESSAGE_ID.
/// </remarks>
/// <param name="Namespace">The program's UUID namespace; changing it changes every MESSAGE_ID SREs alert on.</param>
/// <param name="Program">The program's name, the first part of its events' names.</param>
/// <param name="OwnCategoryPrefix">Logger categories that are the program's own (e.g. <c>KernelAgent.</c>).</param>
public sealed record MessageIdScheme(Guid Namespace, string Program, string OwnCategoryPrefix)
{
    private readonly ConcurrentDictionary<string, string> _cache = new(StringComparer.Ordinal);

    /// <summary>MESSAGE_ID of one of the program's own events.</summary>
    public string ForOwnEvent(int eventId) =>
        FromName(Program + "/" + eventId.ToString(CultureInfo.InvariantCulture));

    /// <summary>MESSAGE_ID for an event of <paramref name="category"/>, or null for event id 0.</summary>
    public string? For(string? category, int eventId)
    {
        if (eventId == 0)
        {
            return null;
        }

        if (category is null || category.StartsWith(OwnCategoryPrefix, StringComparison.Ordinal))
        {
            return ForOwnEvent(eventId);
        }

        return FromName(category + "/" + eventId.ToString(CultureInfo.InvariantCulture));
    }

    private string FromName(string name) => _cache.GetOrAdd(name, NameBasedUuid);

    private string NameBasedUuid(string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        Namespace.TryWriteBytes(input, bigEndian: true, out _);
        nameBytes.CopyTo(input, 16);

        // RFC 9562 version 5 is defined on SHA-1; here it names ids, it protects nothing.
#pragma warning disable CA5350
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
