using KernelAgent.Store.Attestations.Keys;

namespace KernelAgent.BuildFarm.Signing;

/// <summary>
/// <c>kernel-buildfarm keys rotate</c>: a new signing key becomes the active one in the same file, the old public key is
/// kept in <c>previous/</c> beside it (the farm keeps accepting what it signed) and the old private key in <c>retired/</c>
/// (mode 0600). Every step leaves a usable key at the active path: the new key is written to temp files first and renamed
/// over the old one only after the old key is saved.
/// </summary>
internal static class KeyRotation
{
    public static string PreviousKeysDirectory(string activeKeyPath) => Path.Join(Path.GetDirectoryName(Path.GetFullPath(activeKeyPath)), "previous");

    public static string RetiredKeysDirectory(string activeKeyPath) => Path.Join(Path.GetDirectoryName(Path.GetFullPath(activeKeyPath)), "retired");

    public static string PublicKeyPath(string activeKeyPath) => Path.ChangeExtension(activeKeyPath, ".pub");

    /// <exception cref="KeyFileException">The active key is missing or unreadable, or a file could not be written.</exception>
    public static KeyRotationResult Rotate(string activeKeyPath)
    {
        var path = Path.GetFullPath(activeKeyPath);
        using var old = SigningKey.FromPemFile(path);
        var folder = Path.GetDirectoryName(path)!;
        var tempPrivate = Path.Join(folder, $".{Path.GetFileName(path)}.tmp-{Guid.NewGuid():N}");
        var tempPublic = tempPrivate + ".pub";
        using var fresh = SigningKey.Generate();
        try
        {
            fresh.WriteTo(tempPrivate, tempPublic);
            var previous = Path.Join(PreviousKeysDirectory(path), old.KeyId + ".pub");
            var retired = Path.Join(RetiredKeysDirectory(path), old.KeyId + ".pem");
            Directory.CreateDirectory(PreviousKeysDirectory(path));
            Directory.CreateDirectory(RetiredKeysDirectory(path));
            if (!File.Exists(previous))
            {
                File.WriteAllText(previous, old.Public.ExportPem());
            }

            if (!File.Exists(retired))
            {
                File.Copy(path, retired);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(retired, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }

            File.Move(tempPrivate, path, overwrite: true);
            File.Move(tempPublic, PublicKeyPath(path), overwrite: true);
            return new KeyRotationResult(fresh.KeyId, path, PublicKeyPath(path), old.KeyId, previous, retired);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeyFileException(path, e.Message, e);
        }
        finally
        {
            File.Delete(tempPrivate);
            File.Delete(tempPublic);
        }
    }
}
