namespace KernelAgent.Store.Backends;

/// <summary>Copies an object's bytes while counting them, so no backend reads past the limit of what the object is.</summary>
internal static class BoundedCopy
{
    private const int BufferSize = 81920;

    /// <summary>Copies <paramref name="source"/> to its end; throws <see cref="StoreErrorKind.TooLarge"/> as soon as it passes the limit.</summary>
    public static async Task CopyAsync(
        Stream source, Stream destination, long maxBytes, Uri store, string key, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferSize];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                throw TooLarge(store, key, maxBytes, null);
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    /// <summary>Refuses up front when the store announces a length over the limit.</summary>
    public static void CheckAnnounced(long? length, long maxBytes, Uri store, string key)
    {
        if (length > maxBytes)
        {
            throw TooLarge(store, key, maxBytes, length);
        }
    }

    public static StoreException TooLarge(Uri store, string key, long maxBytes, long? announced) =>
        new(StoreErrorKind.TooLarge, store, key, announced is { } length
            ? $"the store announces {length} bytes; at most {maxBytes} bytes are allowed for this object"
            : $"the store sent more than the {maxBytes} bytes allowed for this object; the rest was not read");
}
