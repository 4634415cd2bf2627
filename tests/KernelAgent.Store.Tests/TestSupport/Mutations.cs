namespace KernelAgent.Store.Tests.TestSupport;

/// <summary>
/// Byte-level mutations as a fuzzer makes them: flips, overwrites, inserts, deletes, extreme values, truncation.
/// Shared with the agent's tests (linked there).
/// </summary>
internal static class Mutations
{
    public static byte[] Bytes(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        for (var n = random.Next(1, 5); n > 0 && bytes.Count > 0; n--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 3:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 16)));
                    break;
                case 4:
                    // An extreme value where a size or offset may be: all ones or one large power of two, little-endian.
                    var value = random.Next(2) == 0 ? ulong.MaxValue : 1UL << random.Next(64);
                    for (var i = 0; i < 8 && at + i < bytes.Count; i++)
                    {
                        bytes[at + i] = (byte)(value >> (8 * i));
                    }

                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }
}
