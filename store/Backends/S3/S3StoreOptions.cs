namespace KernelAgent.Store.Backends.S3;

/// <summary>
/// How to reach the bucket of an <c>s3://bucket/prefix</c> store. The defaults suit AWS S3 with the
/// standard credential chain; an S3-compatible server (Ceph radosgw, MinIO) needs <see cref="ServiceUrl"/>
/// and usually <see cref="ForcePathStyle"/>.
/// </summary>
public sealed class S3StoreOptions
{
    /// <summary>
    /// Endpoint of an S3-compatible server, e.g. <c>http://127.0.0.1:7480</c>. Default null: AWS S3 in
    /// <see cref="Region"/>.
    /// </summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>
    /// AWS region, e.g. <c>eu-west-1</c>. Default null: with <see cref="ServiceUrl"/> the requests are signed
    /// for us-east-1 (what radosgw and MinIO accept by default); without it the SDK's own lookup applies
    /// (AWS_REGION, the shared config file, instance metadata).
    /// </summary>
    public string? Region { get; set; }

    /// <summary>
    /// Address buckets as <c>endpoint/bucket/key</c> instead of <c>bucket.endpoint/key</c>. Default false;
    /// set it for servers addressed by IP or without wildcard DNS.
    /// </summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>
    /// Access key id. Default null: the standard AWS credential chain (environment, shared credentials
    /// file, web identity, container and instance roles). Set together with <see cref="SecretKey"/>.
    /// </summary>
    public string? AccessKey { get; set; }

    /// <summary>Secret access key; set together with <see cref="AccessKey"/>. Default null.</summary>
    public string? SecretKey { get; set; }

    /// <summary>Time allowed to open a TCP (and TLS) connection to the endpoint. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time allowed for one HTTP attempt, from sending to the response headers. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Retries the SDK makes after a failed attempt (throttling, 5xx, dropped connections). Default 2,
    /// the SDK's standard mode.
    /// </summary>
    public int MaxErrorRetry { get; set; } = 2;

    /// <summary>
    /// Time allowed for one store call as a whole: every attempt, the back-off between them and reading
    /// the body. Default 2 min.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if ((AccessKey is null) != (SecretKey is null))
        {
            throw new ArgumentException("S3 store: set AccessKey and SecretKey together, or neither to use the AWS credential chain");
        }

        if (ServiceUrl is not null && (!ServiceUrl.IsAbsoluteUri || (ServiceUrl.Scheme != Uri.UriSchemeHttp && ServiceUrl.Scheme != Uri.UriSchemeHttps)))
        {
            throw new ArgumentException($"S3 store: ServiceUrl '{ServiceUrl}' must be an absolute http:// or https:// URL");
        }

        RequirePositive(ConnectTimeout, nameof(ConnectTimeout));
        RequirePositive(RequestTimeout, nameof(RequestTimeout));
        RequirePositive(OperationTimeout, nameof(OperationTimeout));
        if (MaxErrorRetry < 0)
        {
            throw new ArgumentException($"S3 store: MaxErrorRetry must not be negative (got {MaxErrorRetry})");
        }
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"S3 store: {name} must be a positive, finite time (got {value})");
        }
    }
}
