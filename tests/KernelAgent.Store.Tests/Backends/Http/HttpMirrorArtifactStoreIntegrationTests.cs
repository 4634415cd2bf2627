using System.Text;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Backends.Http;

namespace KernelAgent.Store.Tests.Backends.Http;

/// <summary>The mirror against Python's http.server, an HTTP implementation we did not write.</summary>
[Trait("Category", "Integration")]
public sealed class HttpMirrorArtifactStoreIntegrationTests(PythonHttpServer server) : IClassFixture<PythonHttpServer>
{
    private static readonly HttpMirrorStoreOptions Quick = new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(2),
        RequestTimeout = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task ReadAsync_ServedFile_ReturnsItsBytes()
    {
        server.EnsureServing();
        const string Key = "v1/modules/demo drv/1.0+x/demo.ko";
        var content = Encoding.UTF8.GetBytes("module bytes \u00e9");
        server.Put(Key, content);
        using var store = HttpMirrorArtifactStore.Create(server.BaseUrl, Quick);

        var read = await store.ReadAsync(Key, TestContext.Current.CancellationToken);

        Assert.Equal(content, read);
    }

    [Fact]
    public async Task ExistsAsync_ServedAndMissingFiles_AnswersEach()
    {
        server.EnsureServing();
        server.Put("v1/exists/here.json", [1, 2, 3]);
        using var store = HttpMirrorArtifactStore.Create(server.BaseUrl, Quick);

        Assert.True(await store.ExistsAsync("v1/exists/here.json", TestContext.Current.CancellationToken));
        Assert.False(await store.ExistsAsync("v1/exists/not-here.json", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ReadAsync_MissingFile_ThrowsNotFoundNamingKey()
    {
        server.EnsureServing();
        using var store = HttpMirrorArtifactStore.Create(server.BaseUrl, Quick);

        var error = await Assert.ThrowsAsync<StoreException>(() => store.ReadAsync("v1/missing/attestation.dsse.json", TestContext.Current.CancellationToken));

        Assert.Equal(StoreErrorKind.NotFound, error.Kind);
        Assert.Equal("v1/missing/attestation.dsse.json", error.Key);
        Assert.Contains("v1/missing/attestation.dsse.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("404", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_FileLargerThanLimit_ThrowsFailedSayingLimit()
    {
        server.EnsureServing();
        server.Put("v1/big.ko", new byte[4096]);
        using var store = HttpMirrorArtifactStore.Create(server.BaseUrl, new HttpMirrorStoreOptions { MaxObjectBytes = 1024 });

        var error = await Assert.ThrowsAsync<StoreException>(() => store.ReadAsync("v1/big.ko", TestContext.Current.CancellationToken));

        Assert.Equal(StoreErrorKind.Failed, error.Kind);
        Assert.Contains("1024 bytes", error.Detail, StringComparison.Ordinal);
    }
}
