using KernelAgent.Store.Backends.FileSystem;

namespace KernelAgent.Store.Backends;

/// <summary>Turns a store URL into the backend that serves it.</summary>
public static class ArtifactStoreFactory
{
    /// <summary>
    /// <c>file:///abs/path</c> or a plain absolute path: a directory. Other schemes are added by the
    /// backends that handle them (s3://, http(s)://).
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

        return uri.Scheme switch
        {
            "file" => new DirectoryArtifactStore(uri),
            _ => throw new StoreConfigurationException(url, $"unsupported scheme '{uri.Scheme}' (expected file, s3, http or https)"),
        };
    }
}
