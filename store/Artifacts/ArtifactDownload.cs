using System.Security.Cryptography;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Backends;

namespace KernelAgent.Store.Artifacts;

/// <summary>
/// Reads an artifact's two objects within the store's limits: the attestation into memory (it is small and must be
/// parsed whole), the module to a temp file while it is hashed, so bytes that do not hash to the attested digest
/// never reach memory and an endless stream costs one buffer, not the object.
/// </summary>
internal static class ArtifactDownload
{
    public static async Task<byte[]> ReadAttestationAsync(IArtifactStore store, string key, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await store.CopyToAsync(key, buffer, store.Limits.MaxAttestationBytes, cancellationToken);
        return buffer.ToArray();
    }

    /// <exception cref="AttestationVerificationException">The bytes do not hash to <paramref name="expectedSha256"/>.</exception>
    public static async Task<byte[]> ReadModuleAsync(
        IArtifactStore store, string key, string fileName, string expectedSha256, CancellationToken cancellationToken)
    {
        var temp = Path.Join(Path.GetTempPath(), $".tmp-kernelagent-module-{Guid.NewGuid():N}");
        try
        {
            await using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            using var sha256 = SHA256.Create();
            await using (var hashing = new CryptoStream(file, sha256, CryptoStreamMode.Write, leaveOpen: true))
            {
                await store.CopyToAsync(key, hashing, store.Limits.MaxModuleBytes, cancellationToken);
                await hashing.FlushFinalBlockAsync(cancellationToken);
            }

            var actual = Convert.ToHexStringLower(sha256.Hash!);
            if (!string.Equals(actual, expectedSha256, StringComparison.Ordinal))
            {
                throw new AttestationVerificationException(VerificationFailure.DigestMismatch,
                    $"module {fileName} sha256 is {actual}, the attestation names {expectedSha256}");
            }

            var module = new byte[file.Length];
            file.Position = 0;
            await file.ReadExactlyAsync(module, cancellationToken);
            return module;
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
