using System.Buffers;
using System.Security.Cryptography;

namespace KernelAgent.Store.Layout;

/// <summary>The one digest format of the store: sha256, lower-case hex, optionally "sha256:"-prefixed on the wire.</summary>
public static class Digests
{
    public const string Sha256Prefix = "sha256:";

    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    public static string Sha256Hex(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static string Sha256Hex(Stream content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>"sha256:" + hex, as ArtifactRef carries digests.</summary>
    public static string Prefixed(string sha256Hex) => Sha256Prefix + sha256Hex;

    public static bool IsSha256Hex(string? value) =>
        value is { Length: 64 } && value.AsSpan().IndexOfAnyExcept(LowerHex) < 0;

    /// <summary>Accepts "sha256:hex" or bare hex; returns the bare hex or null when malformed.</summary>
    public static string? ParseSha256(string? value)
    {
        var hex = value is not null && value.StartsWith(Sha256Prefix, StringComparison.Ordinal) ? value[Sha256Prefix.Length..] : value;
        return IsSha256Hex(hex) ? hex : null;
    }
}
