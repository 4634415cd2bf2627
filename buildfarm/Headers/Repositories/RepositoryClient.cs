using System.IO.Compression;
using System.Net;

namespace KernelAgent.BuildFarm.Headers.Repositories;

/// <summary>
/// Reads files of a package repository (indexes, packages) from http(s):// or file:// addresses, each read
/// bounded by a timeout, gzip-compressed files (".gz") decompressed.
/// </summary>
internal sealed class RepositoryClient(HttpClient httpClient, TimeSpan timeout)
{
    /// <summary>The file's bytes, decompressed when its name ends in ".gz"; null when the repository has no such file.</summary>
    /// <exception cref="HeaderSourceException">The read failed, timed out, or uses a compression this farm cannot read.</exception>
    public async Task<byte[]?> ReadAsync(Uri uri, CancellationToken cancellationToken) =>
        await ReadRawAsync(uri, cancellationToken) is { } raw ? Decompress(uri, raw) : null;

    /// <summary>The bytes as they were before compression (gzip when the name ends in ".gz").</summary>
    public static byte[] Decompress(Uri uri, byte[] raw)
    {
        if (!uri.AbsolutePath.EndsWith(".gz", StringComparison.Ordinal))
        {
            return raw;
        }

        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new HeaderSourceException($"Repository file {uri} is not valid gzip data: {e.Message}", e);
        }
    }

    /// <summary>The file's bytes as stored; null when the repository has no such file.</summary>
    /// <exception cref="HeaderSourceException">The read failed or timed out.</exception>
    public async Task<byte[]?> ReadRawAsync(Uri uri, CancellationToken cancellationToken)
    {
        if (uri.AbsolutePath.EndsWith(".xz", StringComparison.Ordinal) || uri.AbsolutePath.EndsWith(".zst", StringComparison.Ordinal) || uri.AbsolutePath.EndsWith(".bz2", StringComparison.Ordinal))
        {
            throw new HeaderSourceException($"Repository file {uri} uses a compression this farm does not read (only gzip or none).");
        }

        using var deadline = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            if (uri.IsFile)
            {
                return File.Exists(uri.LocalPath) ? await File.ReadAllBytesAsync(uri.LocalPath, linked.Token) : null;
            }

            using var response = await httpClient.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            response.EnsureSuccessStatusCode();
            return await response.Content.ReadAsByteArrayAsync(linked.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new HeaderSourceException($"Reading {uri} did not finish within {timeout}.");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or UnauthorizedAccessException)
        {
            throw new HeaderSourceException($"Reading {uri} failed: {e.Message}", e);
        }
    }
}
