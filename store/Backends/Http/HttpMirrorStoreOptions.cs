namespace KernelAgent.Store.Backends.Http;

/// <summary>Limits for reading a store through an HTTP(S) mirror; every request is bounded in time and size.</summary>
public sealed class HttpMirrorStoreOptions
{
    /// <summary>Time allowed to open a TCP (and TLS) connection to the mirror. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Time allowed for one request as a whole, connection and body included: an air-gapped mirror that
    /// stops answering fails the call instead of hanging it. Default 60 s.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest object the mirror may return; larger answers fail. Default 256 MiB.</summary>
    public long MaxObjectBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"HTTP mirror store: ConnectTimeout must be a positive time (got {ConnectTimeout})");
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"HTTP mirror store: RequestTimeout must be a positive time (got {RequestTimeout})");
        }

        if (MaxObjectBytes is <= 0 or > int.MaxValue)
        {
            throw new ArgumentException($"HTTP mirror store: MaxObjectBytes must be between 1 and {int.MaxValue} (got {MaxObjectBytes})");
        }
    }
}
