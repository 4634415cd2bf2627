using System.Net.Http;
using Amazon.Runtime;

namespace KernelAgent.Store.Backends.S3;

/// <summary>
/// The HTTP stack under the SDK: a connect timeout, a per-attempt timeout, and no connection reuse after
/// a write (see <see cref="CloseAfterWriteHandler"/>). Clients are cached per SDK client and disposed with it.
/// </summary>
internal sealed class S3HttpClientFactory(S3StoreOptions options) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        ArgumentNullException.ThrowIfNull(clientConfig);
        var sockets = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            // Endpoints behind DNS failover must not stay pinned to one address.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            // The SDK follows S3's region redirects itself.
            AllowAutoRedirect = false,
        };
        return new HttpClient(new CloseAfterWriteHandler(sockets), disposeHandler: true)
        {
            Timeout = options.RequestTimeout,
        };
    }

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => true;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    /// <summary>Null: cache per SDK client, so disposing the store disposes its connections.</summary>
    public override string? GetConfigUniqueString(IClientConfig clientConfig) => null;
}
