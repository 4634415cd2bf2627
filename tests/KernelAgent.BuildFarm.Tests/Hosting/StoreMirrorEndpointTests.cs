using System.Net;
using System.Net.Sockets;
using System.Text;
using KernelAgent.BuildFarm.Tests.Builds;
using KernelAgent.Protocol.V1;

namespace KernelAgent.BuildFarm.Tests.Hosting;

/// <summary>
/// The store mirror serves regular files of the published layout only: a link placed in the store (to the
/// farm's private signing key, to /etc/passwd), a folder, a temp file or a path trick is a 404, never a 500.
/// </summary>
public sealed class StoreMirrorEndpointTests
{
    private const string SigningKeyMarker = "PRIVATE KEY";

    [Fact(Timeout = 60_000)]
    public async Task Get_PublishedObjects_ServesThemAndRefusesEveryOtherName()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync();
        var artifact = await PublishAsync(farm, token);
        var store = Path.Join(farm.StateDirectory, "store");
        var folder = Path.GetDirectoryName(artifact.AttestationKey)!;
        var keyFile = Path.Join(farm.StateDirectory, "keys", "signing-key.pem");
        Assert.Contains(SigningKeyMarker, await File.ReadAllTextAsync(keyFile, token), StringComparison.Ordinal);
        var fakeModule = $"{folder}/kagent_sample-{new string('a', 64)}.ko";
        var fakeHistory = $"{folder}/history/attestation-{new string('b', 64)}.dsse.json";
        var linkedFolder = folder.Replace("/kagent_sample/", "/linked/", StringComparison.Ordinal);
        File.CreateSymbolicLink(Path.Join(store, fakeModule), keyFile);
        Directory.CreateDirectory(Path.Join(store, fakeHistory));
        File.CreateSymbolicLink(Path.Join(store, $"{folder}/history/attestation-{new string('c', 64)}.dsse.json"), "/etc/passwd");
        Directory.CreateSymbolicLink(Path.Join(store, "v1", "modules", "linked"), Path.Join(store, "v1", "modules", "kagent_sample"));
        await File.WriteAllTextAsync(Path.Join(store, folder, ".tmp-0123"), "half written", token);
        Directory.CreateDirectory(Path.Join(store, "v1", "demand", "2026-12-07"));
        await File.WriteAllTextAsync(Path.Join(store, "v1", "demand", "2026-12-07", "hosts.json"), "host ids", token);

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(farm, artifact.AttestationKey, token)).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(farm, artifact.ModuleKey, token)).Status);
        string[] refused =
        [
            fakeModule,
            fakeHistory,
            $"{folder}/history/attestation-{new string('c', 64)}.dsse.json",
            $"{linkedFolder}/{Path.GetFileName(artifact.AttestationKey)}",
            $"{folder}/.tmp-0123",
            folder,
            "v1/modules",
            "v1",
            "v1/demand/2026-12-07/hosts.json",
            "keys/signing-key.pem",
            $"{folder}/../../../../../../../../../keys/signing-key.pem",
            $"{folder}/%2e%2e/{Path.GetFileName(artifact.AttestationKey)}",
            artifact.AttestationKey.Replace("/", "%2F", StringComparison.Ordinal),
            artifact.AttestationKey.Replace("/", "%5C", StringComparison.Ordinal),
            $"{folder}/{new string('x', 300)}.ko",
            $"{folder}/{string.Concat(Enumerable.Repeat("abcdefgh/", 500))}attestation.dsse.json",
        ];
        foreach (var key in refused)
        {
            var (status, body) = await GetAsync(farm, key, token);

            Assert.True(status == HttpStatusCode.NotFound, $"{key} answered {(int)status}");
            Assert.DoesNotContain(SigningKeyMarker, body, StringComparison.Ordinal);
            Assert.DoesNotContain("root:", body, StringComparison.Ordinal);
        }
    }

    [Theory(Timeout = 60_000)]
    [InlineData("/store/../keys/signing-key.pem")]
    [InlineData("/store/v1/../../keys/signing-key.pem")]
    [InlineData("/store/v1/%2e%2e/%2e%2e/keys/signing-key.pem")]
    [InlineData("/store/v1%2f..%2f..%2fkeys%2fsigning-key.pem")]
    [InlineData("/store//etc/passwd")]
    [InlineData("/store/v1/modules/%00")]
    public async Task RawRequest_DotSegmentsAndEncodedSeparators_NeverServeWhatIsOutsideTheStore(string target)
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync();
        await PublishAsync(farm, token);

        var response = await RawGetAsync(farm.Http.BaseAddress!, target, token);

        var statusLine = response.Split("\r\n")[0];
        Assert.True(statusLine.Contains(" 404 ", StringComparison.Ordinal) || statusLine.Contains(" 400 ", StringComparison.Ordinal), statusLine);
        Assert.DoesNotContain(SigningKeyMarker, response, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", response, StringComparison.Ordinal);
    }

    private static async Task<ArtifactRef> PublishAsync(InProcessFarm farm, CancellationToken token)
    {
        var built = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);
        return built.Last.Succeeded.Artifact;
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(InProcessFarm farm, string key, CancellationToken token)
    {
        using var response = await farm.Http.GetAsync(new Uri("store/" + key, UriKind.Relative), token);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(token));
    }

    /// <summary>HttpClient removes dot segments before sending: this sends the request target as written.</summary>
    private static async Task<string> RawGetAsync(Uri server, string target, CancellationToken token)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, token);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n\r\n"), token);
        using var reader = new StreamReader(stream, Encoding.Latin1);
        return await reader.ReadToEndAsync(token);
    }
}
