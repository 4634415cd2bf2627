using System.Text;

namespace KernelAgent.Store.Attestations;

/// <summary>
/// DSSE v1 pre-authentication encoding: the exact bytes that are signed.
/// PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, where LEN is the ASCII decimal
/// byte length (secure-systems-lab/dsse, protocol.md).
/// </summary>
public static class DssePae
{
    public static byte[] Encode(string payloadType, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(payloadType);
        var typeBytes = Encoding.UTF8.GetBytes(payloadType);
        var header = Encoding.ASCII.GetBytes(
            $"DSSEv1 {typeBytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)} ");
        var middle = Encoding.ASCII.GetBytes(
            $" {payload.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)} ");
        var result = new byte[header.Length + typeBytes.Length + middle.Length + payload.Length];
        var span = result.AsSpan();
        header.CopyTo(span);
        typeBytes.CopyTo(span[header.Length..]);
        middle.CopyTo(span[(header.Length + typeBytes.Length)..]);
        payload.CopyTo(span[(header.Length + typeBytes.Length + middle.Length)..]);
        return result;
    }
}
