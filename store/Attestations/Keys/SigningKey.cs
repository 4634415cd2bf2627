using System.Text;
using NSec.Cryptography;

namespace KernelAgent.Store.Attestations.Keys;

/// <summary>The farm's Ed25519 private key. Stored as PEM PKCS#8 ("PRIVATE KEY"), file mode 0600.</summary>
public sealed class SigningKey : IDisposable
{
    private readonly Key _key;

    private SigningKey(Key key)
    {
        _key = key;
        Public = TrustedKey.FromRaw(key.PublicKey.Export(KeyBlobFormat.RawPublicKey), "signing key");
    }

    public string KeyId => Public.KeyId;

    /// <summary>The public half, as agents pin it.</summary>
    public TrustedKey Public { get; }

    public static SigningKey Generate() =>
        new(Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));

    public static SigningKey FromPemFile(string path)
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

        var parameters = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
        if (!Key.TryImport(SignatureAlgorithm.Ed25519, pem, KeyBlobFormat.PkixPrivateKeyText, out var key, in parameters) || key is null)
        {
            throw new KeyFileException(path, "not a PEM Ed25519 private key (expected '-----BEGIN PRIVATE KEY-----')");
        }

        return new SigningKey(key);
    }

    /// <summary>
    /// Writes the private key (0600) and its public key beside it. Refuses to overwrite either file, so a
    /// slip of the command line can never destroy the key a fleet trusts.
    /// </summary>
    public void WriteTo(string privateKeyPath, string publicKeyPath)
    {
        foreach (var path in new[] { privateKeyPath, publicKeyPath })
        {
            if (File.Exists(path))
            {
                throw new KeyFileException(path, "already exists; refusing to overwrite a key");
            }
        }

        WriteNew(privateKeyPath, _key.Export(KeyBlobFormat.PkixPrivateKeyText), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        WriteNew(publicKeyPath, Encoding.ASCII.GetBytes(Public.ExportPem()),
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    internal byte[] Sign(ReadOnlySpan<byte> data) => SignatureAlgorithm.Ed25519.Sign(_key, data);

    public void Dispose() => _key.Dispose();

    private static void WriteNew(string path, byte[] content, UnixFileMode mode)
    {
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = mode;
            }

            using var stream = new FileStream(path, options);
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        catch (IOException e)
        {
            throw new KeyFileException(path, e.Message, e);
        }
    }
}
