using System.Buffers.Binary;
using System.Text;

namespace KernelAgent.Agent.Tests.Logging;

/// <summary>Decodes journald's native protocol independently of the encoder under test.</summary>
internal static class JournalEntryParser
{
    public static List<KeyValuePair<string, string>> Parse(ReadOnlySpan<byte> entry)
    {
        var fields = new List<KeyValuePair<string, string>>();
        while (!entry.IsEmpty)
        {
            var end = entry.IndexOfAny((byte)'=', (byte)'\n');
            var name = Encoding.ASCII.GetString(entry[..end]);
            if (entry[end] == (byte)'=')
            {
                var lineEnd = entry.IndexOf((byte)'\n');
                fields.Add(new(name, Encoding.UTF8.GetString(entry[(end + 1)..lineEnd])));
                entry = entry[(lineEnd + 1)..];
            }
            else
            {
                var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(entry[(end + 1)..]);
                var valueStart = end + 1 + sizeof(ulong);
                fields.Add(new(name, Encoding.UTF8.GetString(entry.Slice(valueStart, length))));
                Assert.Equal((byte)'\n', entry[valueStart + length]);
                entry = entry[(valueStart + length + 1)..];
            }
        }

        return fields;
    }

    public static string Single(List<KeyValuePair<string, string>> fields, string name) =>
        Assert.Single(fields, field => field.Key == name).Value;
}
