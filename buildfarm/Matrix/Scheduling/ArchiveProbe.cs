using System.Net;
using System.Security.Cryptography;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Debian;
using KernelAgent.BuildFarm.Headers.Rpm;
using KernelAgent.BuildFarm.Headers.Ubuntu;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Matrix.Scheduling;

/// <summary>
/// The archives the crawlers read, each reduced to the one file that changes whenever its indexes do: a Debian-format
/// suite's InRelease (its Date and index digests), an RPM repository's repomd.xml (its revision and index digests).
/// </summary>
internal sealed class ArchiveProbe(
    IOptions<DebianHeaderSourceOptions> debian,
    IOptions<UbuntuHeaderSourceOptions> ubuntu,
    IOptions<RpmHeaderSourceOptions> rpm,
    IOptions<PrebuildSchedulerOptions> options,
    HttpClient httpClient) : IArchiveProbe
{
    private const string NotFound = "404 Not Found";

    public async Task<IReadOnlyList<ArchiveCheck>> CheckAsync(CancellationToken cancellationToken)
    {
        var checks = new List<ArchiveCheck>();
        foreach (var (family, suite) in Suites())
        {
            var check = await ReadAsync(family, suite + "InRelease", cancellationToken);
            // A suite without InRelease (an old or flat repository) has Release: one more request, only there.
            checks.Add(check.Problem == NotFound ? await ReadAsync(family, suite + "Release", cancellationToken) : check);
        }

        foreach (var repository in rpm.Value.Repositories.Where(r => r.BaseUri is not null))
        {
            checks.Add(await ReadAsync("rpm", WithSlash(repository.BaseUri!.AbsoluteUri) + "repodata/repomd.xml", cancellationToken));
        }

        return checks;
    }

    /// <summary>Each suite's folder (ending in '/'), Debian's from the same sources the crawler's apt root uses.</summary>
    internal List<(string Family, string Folder)> Suites()
    {
        var suites = new List<(string, string)>();
        string sources;
        try
        {
            sources = AptSources.Compose(debian.Value.HostRoot, [.. debian.Value.Sources], [debian.Value.HostArchitecture]);
        }
        catch (HeaderSourceException)
        {
            sources = "";
        }

        foreach (var stanza in DebianControlStanza.ParseAll(sources))
        {
            var uris = stanza["URIs"]?.Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries) ?? [];
            var names = stanza["Suites"]?.Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries) ?? [];
            foreach (var uri in uris)
            {
                // sources.list(5): a suite ending in '/' is a flat repository, its files directly under uri/suite.
                suites.AddRange(names.Select(s => ("debian", s.EndsWith('/') ? WithSlash(uri) + s : $"{WithSlash(uri)}dists/{s}/")));
            }
        }

        var u = ubuntu.Value;
        foreach (var archive in new[] { u.ArchiveUri, u.PortsArchiveUri }.OfType<Uri>())
        {
            suites.AddRange(u.Codenames.Values.Order(StringComparer.Ordinal)
                .SelectMany(codename => u.Pockets.Select(pocket => ("ubuntu", $"{WithSlash(archive.AbsoluteUri)}dists/{codename}{pocket}/"))));
        }

        return [.. suites.Distinct()];
    }

    private async Task<ArchiveCheck> ReadAsync(string family, string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "file"))
        {
            return new ArchiveCheck(family, url, null, "only http, https and file archives are checked");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.ProbeTimeout);
        try
        {
            if (uri.IsFile)
            {
                return File.Exists(uri.LocalPath)
                    ? new ArchiveCheck(family, url, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(uri.LocalPath, timeout.Token))), null)
                    : new ArchiveCheck(family, url, null, NotFound);
            }

            using var response = await httpClient.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return new ArchiveCheck(family, url, null, response.StatusCode == HttpStatusCode.NotFound ? NotFound : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            return new ArchiveCheck(family, url, Convert.ToHexStringLower(await SHA256.HashDataAsync(body, timeout.Token)), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ArchiveCheck(family, url, null, $"no answer within {options.Value.ProbeTimeout.TotalSeconds:F0} s");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or UnauthorizedAccessException)
        {
            return new ArchiveCheck(family, url, null, e.Message);
        }
    }

    private static string WithSlash(string uri) => uri.EndsWith('/') ? uri : uri + "/";
}
