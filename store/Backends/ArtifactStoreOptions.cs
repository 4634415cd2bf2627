using KernelAgent.Store.Backends.Http;
using KernelAgent.Store.Backends.S3;

namespace KernelAgent.Store.Backends;

/// <summary>Per-backend options for stores created by <see cref="ArtifactStoreFactory"/>.</summary>
public sealed class ArtifactStoreOptions
{
    /// <summary>Endpoint, region, credentials and timeouts of <c>s3://</c> stores.</summary>
    public S3StoreOptions S3 { get; set; } = new();

    /// <summary>Timeouts and limits of <c>http(s)://</c> mirrors.</summary>
    public HttpMirrorStoreOptions Http { get; set; } = new();

    /// <summary>How large attestations and modules read from the store may be, for every backend.</summary>
    public StoreObjectLimits Limits { get; set; } = StoreObjectLimits.Default;
}
