using NSec.Cryptography;

namespace KernelAgent.Store.Attestations.Keys;

/// <summary>An Ed25519 public key that attestations may be signed with, and its derived key ID.</summary>
public sealed class TrustedKey
{
    private TrustedKey(PublicKey publicKey, string source)
    {
        PublicKey = publicKey;
        KeyId = KeyIds.FromRawPublicKey(publicKey.Export(KeyBlobFormat.RawPublicKey));
        Source = source;
    }

    public string KeyId { get; }

    /// <summary>Where the key came from (a file path), for messages.</summary>
    public string Source { get; }

    internal PublicKey PublicKey { get; }

    /// <summary>Reads a PEM "PUBLIC KEY" (SubjectPublicKeyInfo) file, the format openssl also reads.</summary>
    public static TrustedKey FromPemFile(string path)
    {
        byte[] pem;
        try
        {
            pem = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeyFileException(path, e.Message, e);
        }

        return FromPem(pem, path);
    }

    public static TrustedKey FromPem(ReadOnlySpan<byte> pem, string source)
    {
        if (!PublicKey.TryImport(SignatureAlgorithm.Ed25519, pem, KeyBlobFormat.PkixPublicKeyText, out var key) || key is null)
        {
            throw new KeyFileException(source, "not a PEM Ed25519 public key (expected '-----BEGIN PUBLIC KEY-----')");
        }

        return new TrustedKey(key, source);
    }

    public static TrustedKey FromRaw(ReadOnlySpan<byte> raw, string source)
    {
        if (!PublicKey.TryImport(SignatureAlgorithm.Ed25519, raw, KeyBlobFormat.RawPublicKey, out var key) || key is null)
        {
            throw new KeyFileException(source, "not a raw 32-byte Ed25519 public key");
        }

        return new TrustedKey(key, source);
    }

    /// <summary>The key as PEM text, as written next to a generated private key.</summary>
    public string ExportPem() => System.Text.Encoding.ASCII.GetString(PublicKey.Export(KeyBlobFormat.PkixPublicKeyText));

    internal bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        SignatureAlgorithm.Ed25519.Verify(PublicKey, data, signature);
}
