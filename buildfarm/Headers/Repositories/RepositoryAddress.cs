namespace KernelAgent.BuildFarm.Headers.Repositories;

/// <summary>The addresses a repository may be configured with: http(s):// or file:// (a local mirror).</summary>
internal static class RepositoryAddress
{
    /// <summary>Adds an error naming <paramref name="key"/> when <paramref name="uri"/> is set but not such an address.</summary>
    public static void Check(string key, Uri? uri, List<string> errors)
    {
        if (uri is null)
        {
            return;
        }

        if (!uri.IsAbsoluteUri)
        {
            errors.Add($"{key} '{uri}' is not an absolute URL");
        }
        else if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeFile)
        {
            errors.Add($"{key} '{uri}' uses '{uri.Scheme}'; only http, https and file addresses are read");
        }
    }
}
