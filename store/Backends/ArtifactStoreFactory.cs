using KernelAgent.Store.Backends.FileSystem;
using KernelAgent.Store.Backends.Http;
using KernelAgent.Store.Backends.S3;

namespace KernelAgent.Store.Backends;

/// <summary>Turns a store URL into the backend that serves it.</summary>
public static class ArtifactStoreFactory
{
    /// <summary>
    /// <c>file:///abs/path</c> or a plain absolute path: a directory; <c>s3://bucket/prefix</c>: S3 (or any
    /// S3-compatible server via <see cref="S3StoreOptions.ServiceUrl"/>); <c>http(s)://base/</c>: a read-only mirror.
    /// </summary>
    /// <exception cref="StoreConfigurationException">The URL is malformed or its scheme is not supported.</exception>
    public static IArtifactStore Create(string url, ArtifactStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        options ??= new ArtifactStoreOptions();
        if (url.StartsWith('/'))
        {
            url = new Uri(url).AbsoluteUri;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new StoreConfigurationException(url, "not an absolute URL (expected file:///path, s3://bucket/prefix or https://host/path)");
        }

        try
        {
            return uri.Scheme switch
            {
                "file" => new DirectoryArtifactStore(uri) { Limits = options.Limits },
                "s3" => WithLimits(S3ArtifactStore.Create(uri, options.S3), options.Limits),
                "http" or "https" => WithLimits(HttpMirrorArtifactStore.Create(uri, options.Http), options.Limits),
                _ => throw new StoreConfigurationException(url, $"unsupported scheme '{uri.Scheme}' (expected file, s3, http or https)"),
            };
        }
        catch (ArgumentException e)
        {
            // The message, without the " (Parameter 'url')" that ArgumentException appends for programmers.
            var problem = e.ParamName is { } parameter ? e.Message.Replace($" (Parameter '{parameter}')", string.Empty, StringComparison.Ordinal) : e.Message;
            throw new StoreConfigurationException(url, problem);
        }
    }

    private static S3ArtifactStore WithLimits(S3ArtifactStore store, StoreObjectLimits limits)
    {
        store.Limits = limits;
        return store;
    }

    private static HttpMirrorArtifactStore WithLimits(HttpMirrorArtifactStore store, StoreObjectLimits limits)
    {
        store.Limits = limits;
        return store;
    }
}
