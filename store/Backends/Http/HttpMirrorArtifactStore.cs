using System.Net;
using System.Net.Http;
using System.Runtime.CompilerServices;

namespace KernelAgent.Store.Backends.Http;

/// <summary>
/// A read-only store served over HTTP(S) with the same layout as a writable one (docs/store-layout.md):
/// an air-gapped copy behind a plain web server, or a CDN in front of a bucket. Objects are fetched by
/// key with GET and probed with HEAD. A mirror cannot list (plain web servers have no listing
/// protocol), so <see cref="ListAsync"/> fails with <see cref="StoreErrorKind.ReadOnly"/> rather than
/// pretending the prefix is empty; writes fail the same way.
/// </summary>
internal sealed class HttpMirrorArtifactStore : IArtifactStore, IDisposable
{
    private readonly HttpClient _client;
    private readonly Uri _base;
    private readonly HttpMirrorStoreOptions _options;

    internal HttpMirrorArtifactStore(Uri location, HttpMirrorStoreOptions options, HttpMessageHandler handler)
    {
        Location = location;
        _base = BaseOf(location);
        _options = options;
        _client = new HttpClient(handler, disposeHandler: true)
        {
            Timeout = options.RequestTimeout,
            MaxResponseContentBufferSize = options.MaxObjectBytes,
        };
    }

    /// <summary>
    /// Opens the mirror at <paramref name="location"/> (an http:// or https:// base URL). Throws
    /// <see cref="ArgumentException"/> for a malformed URL or options; contacts nothing until the first call.
    /// </summary>
    public static HttpMirrorArtifactStore Create(Uri location, HttpMirrorStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(options);
        BaseOf(location);
        options.Validate();
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            // A mirror behind DNS failover must not be pinned to one address forever.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxAutomaticRedirections = 5,
        };
        return new HttpMirrorArtifactStore(location, options, handler);
    }

    public Uri Location { get; }

    public bool IsWritable => false;

    public async Task<byte[]> ReadAsync(string key, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, key, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw Refused(response, key);
        }

        try
        {
            return await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failure(e, key, cancellationToken);
        }
    }

    public StoreObjectLimits Limits { get; internal set; } = StoreObjectLimits.Default;

    public async Task CopyToAsync(string key, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        // HttpClient.Timeout stops at the headers when the body is streamed: the copy gets its own deadline.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.RequestTimeout);
        using var response = await SendAsync(HttpMethod.Get, key, cancellationToken, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            throw Refused(response, key);
        }

        BoundedCopy.CheckAnnounced(response.Content.Headers.ContentLength, maxBytes, Location, key);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
            await BoundedCopy.CopyAsync(body, destination, maxBytes, Location, key, deadline.Token);
        }
        catch (Exception e) when (e is not StoreException && !cancellationToken.IsCancellationRequested)
        {
            throw Failure(e, key, cancellationToken);
        }
    }

    public async ValueTask<string?> VersionAsync(string key, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Head, key, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw Refused(response, key);
        }

        // A mirror that names no version of its objects cannot vouch that one is unchanged.
        var tag = response.Headers.ETag?.ToString();
        var modified = response.Content.Headers.LastModified;
        return tag is null && modified is null
            ? null
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{tag}:{modified?.UtcTicks}:{response.Content.Headers.ContentLength}");
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Head, key, cancellationToken);
        return response.IsSuccessStatusCode
            || (IsMissing(response.StatusCode) ? false : throw Refused(response, key));
    }

    public Task WriteAsync(string key, ReadOnlyMemory<byte> content, WriteMode mode, CancellationToken cancellationToken) =>
        throw new StoreException(StoreErrorKind.ReadOnly, Location, key, "an HTTP mirror only serves objects; publish to the store it mirrors");

    public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken) =>
        throw new StoreException(StoreErrorKind.ReadOnly, Location, prefix,
            "an HTTP mirror serves objects by key and cannot list them; list the store it mirrors");

    public void Dispose() => _client.Dispose();

    /// <summary>The URL of a key: the base joined with each key segment percent-encoded.</summary>
    internal Uri ObjectUrl(string key) =>
        new(_base, string.Join('/', key.Split('/').Select(Uri.EscapeDataString)));

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string key, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        StoreKeys.Validate(Location, key);
        using var request = new HttpRequestMessage(method, ObjectUrl(key));
        try
        {
            return await _client.SendAsync(request, completion, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failure(e, key, cancellationToken);
        }
    }

    private StoreException Refused(HttpResponseMessage response, string key)
    {
        var status = response.StatusCode;
        var kind = status switch
        {
            _ when IsMissing(status) => StoreErrorKind.NotFound,
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => StoreErrorKind.AccessDenied,
            _ => StoreErrorKind.Failed,
        };
        return new StoreException(kind, Location, key,
            $"{response.RequestMessage?.RequestUri ?? ObjectUrl(key)} answered HTTP {(int)status} {response.ReasonPhrase}");
    }

    private StoreException Failure(Exception e, string key, CancellationToken cancellationToken)
    {
        var url = ObjectUrl(key);
        if (TransportFailures.Find(e, cancellationToken) is { } transport)
        {
            return new StoreException(StoreErrorKind.Unreachable, Location, key,
                $"cannot fetch {url} ({TransportFailures.Describe(transport)}; connect timeout {_options.ConnectTimeout.TotalSeconds:0.###} s, "
                + $"request timeout {_options.RequestTimeout.TotalSeconds:0.###} s)", e);
        }

        var limit = e is HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded }
            ? $" (the object is larger than the {_options.MaxObjectBytes} bytes allowed)"
            : string.Empty;
        return new StoreException(StoreErrorKind.Failed, Location, key, $"fetching {url} failed: {e.Message}{limit}", e);
    }

    private static bool IsMissing(HttpStatusCode status) => status is HttpStatusCode.NotFound or HttpStatusCode.Gone;

    private static Uri BaseOf(Uri location)
    {
        if (!location.IsAbsoluteUri || (location.Scheme != Uri.UriSchemeHttp && location.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{location}' is not a usable HTTP mirror URL: the scheme must be http:// or https://", nameof(location));
        }

        if (location.UserInfo.Length > 0 || location.Query.Length > 0 || location.Fragment.Length > 0)
        {
            throw new ArgumentException(
                $"'{location}' is not a usable HTTP mirror URL: it must be a plain base URL without credentials, query or fragment", nameof(location));
        }

        // Without a trailing '/', relative resolution would replace the last path segment instead of adding below it.
        return location.AbsolutePath.EndsWith('/') ? location : new Uri(location.AbsoluteUri + "/");
    }
}
