namespace KernelAgent.Store.Backends;

/// <summary>
/// A place that holds objects under keys (docs/store-layout.md): a directory, an S3 bucket prefix, or a
/// read-only HTTP mirror. Every failure surfaces as a <see cref="StoreException"/> that names the store,
/// the key and the kind of failure; no SDK exception crosses this interface.
/// </summary>
public interface IArtifactStore : IDisposable
{
    /// <summary>The store's URL as configured (file://, s3://, https://), for messages and ArtifactRef.</summary>
    Uri Location { get; }

    /// <summary>False for mirrors: writes throw <see cref="StoreErrorKind.ReadOnly"/>.</summary>
    bool IsWritable { get; }

    /// <summary>Reads a whole object; <see cref="StoreErrorKind.NotFound"/> when it does not exist.</summary>
    Task<byte[]> ReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>How large each kind of object this store sends may be; readers of attestations and modules apply it.</summary>
    StoreObjectLimits Limits => StoreObjectLimits.Default;

    /// <summary>
    /// Streams an object into <paramref name="destination"/>, never holding it whole, and fails with
    /// <see cref="StoreErrorKind.TooLarge"/> as soon as more than <paramref name="maxBytes"/> arrive (or are announced).
    /// </summary>
    async Task CopyToAsync(string key, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        // For stores that only know whole objects (test doubles); every backend streams.
        var bytes = await ReadAsync(key, cancellationToken);
        BoundedCopy.CheckAnnounced(bytes.Length, maxBytes, Location, key);
        await destination.WriteAsync(bytes, cancellationToken);
    }

    /// <summary>
    /// A text that names the object's current version: it changes whenever the object is written, replaced or
    /// altered (a directory: device, inode, size, modification and change times; S3 and HTTP: ETag or Last-Modified
    /// and size). Null when the store cannot tell, and then a reader that keeps what it verified must verify again.
    /// It proves nothing about content by itself: it only says that what was verified is still what is there.
    /// </summary>
    /// <exception cref="StoreException"><see cref="StoreErrorKind.NotFound"/> when the object does not exist.</exception>
    ValueTask<string?> VersionAsync(string key, CancellationToken cancellationToken) => ValueTask.FromResult<string?>(null);

    /// <summary>Whether an object exists. Existence proves nothing about content: readers verify.</summary>
    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a whole object so that no reader ever sees part of it. With <see cref="WriteMode.CreateNew"/>
    /// the write fails with <see cref="StoreErrorKind.Conflict"/> when the key already exists, even when two
    /// writers race (If-None-Match: * on S3; link-based create on a directory).
    /// </summary>
    Task WriteAsync(string key, ReadOnlyMemory<byte> content, WriteMode mode, CancellationToken cancellationToken);

    /// <summary>Keys under a prefix (which should end in '/'), in no particular order.</summary>
    IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken);
}
