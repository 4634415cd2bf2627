using System.Security.Cryptography;

namespace KernelAgent.BuildFarm.Drivers;

/// <summary>Copies a file while hashing the bytes copied, so what is unpacked later is exactly what was hashed.</summary>
internal static class HashingCopy
{
    /// <returns>The lowercase hex sha256 of the bytes written to <paramref name="destination"/>.</returns>
    public static async Task<string> CopyAsync(string source, string destination, CancellationToken cancellationToken)
    {
        await using var input = File.OpenRead(source);
        await using var output = File.Create(destination);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer.AsSpan(0, read));
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
