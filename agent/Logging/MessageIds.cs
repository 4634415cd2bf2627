using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KernelAgent.Agent.Logging;

/// <summary>
/// journald MESSAGE_ID for a log event id: a name-based UUID (version 5, RFC 9562 section 5.5) in the agent's
/// fixed namespace <see cref="Namespace"/>, written as journald writes ids (32 lower-case hex digits).
/// </summary>
/// <remarks>
/// The name is <c>kernel-agent/&lt;event id&gt;</c> for the agent's own events (category under
/// <c>KernelAgent.</c>) and <c>&lt;category&gt;/&lt;event id&gt;</c> for events of libraries and the
/// framework, whose small ids would otherwise collide with each other. Anyone can recompute an id:
/// <c>python3 -c 'import uuid; print(uuid.uuid5(uuid.UUID("aa304279-3b44-4208-9d50-10658acd9d46"),
/// "kernel-agent/1300").hex)'</c>. Event id 0 means "no id" in Microsoft.Extensions.Logging: no MESSAGE_ID.
/// </remarks>
public static class MessageIds
{
    /// <summary>The agent's UUID namespace; changing it changes every MESSAGE_ID SREs alert on.</summary>
    public static readonly Guid Namespace = new("aa304279-3b44-4208-9d50-10658acd9d46");

    private const string AgentCategoryPrefix = "KernelAgent.";
    private static readonly ConcurrentDictionary<string, string> s_cache = new(StringComparer.Ordinal);

    /// <summary>MESSAGE_ID of one of the agent's own events (<see cref="AgentEventIds"/>).</summary>
    public static string ForAgentEvent(int eventId) =>
        FromName("kernel-agent/" + eventId.ToString(CultureInfo.InvariantCulture));

    /// <summary>MESSAGE_ID for an event of <paramref name="category"/>, or null for event id 0.</summary>
    public static string? For(string? category, int eventId)
    {
        if (eventId == 0)
        {
            return null;
        }

        if (category is null || category.StartsWith(AgentCategoryPrefix, StringComparison.Ordinal))
        {
            return ForAgentEvent(eventId);
        }

        return FromName(category + "/" + eventId.ToString(CultureInfo.InvariantCulture));
    }

    private static string FromName(string name) => s_cache.GetOrAdd(name, static n => NameBasedUuid(n));

    private static string NameBasedUuid(string name)
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
