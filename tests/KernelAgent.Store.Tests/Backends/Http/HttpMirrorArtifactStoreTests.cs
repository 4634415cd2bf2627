using System.Net;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Backends.Http;

namespace KernelAgent.Store.Tests.Backends.Http;

public sealed class HttpMirrorArtifactStoreTests
{
    private static readonly Uri Mirror = new("https://mirror.example/kernel-agent/store");

    private static HttpMirrorArtifactStore Store(StubHandler handler) => new(Mirror, new HttpMirrorStoreOptions(), handler);

    [Theory]
    [InlineData(HttpStatusCode.NotFound, StoreErrorKind.NotFound, false)]
    [InlineData(HttpStatusCode.Gone, StoreErrorKind.NotFound, false)]
    [InlineData(HttpStatusCode.Unauthorized, StoreErrorKind.AccessDenied, false)]
    [InlineData(HttpStatusCode.Forbidden, StoreErrorKind.AccessDenied, false)]
    [InlineData(HttpStatusCode.InternalServerError, StoreErrorKind.Failed, false)]
    [InlineData(HttpStatusCode.BadGateway, StoreErrorKind.Failed, false)]
    [InlineData(HttpStatusCode.Unauthorized, StoreErrorKind.AccessDenied, true)]
    [InlineData(HttpStatusCode.Forbidden, StoreErrorKind.AccessDenied, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, StoreErrorKind.Failed, true)]
    public async Task ReadOrExists_ErrorStatus_ThrowsMatchingKindWithStatus(HttpStatusCode status, StoreErrorKind expected, bool exists)
    {
        using var store = Store(new StubHandler(status));

        var error = await Assert.ThrowsAsync<StoreException>(() => exists
            ? store.ExistsAsync("v1/a/b.ko", TestContext.Current.CancellationToken)
            : store.ReadAsync("v1/a/b.ko", TestContext.Current.CancellationToken));

        Assert.Equal(expected, error.Kind);
        Assert.Equal(Mirror, error.Store);
        Assert.Equal("v1/a/b.ko", error.Key);
        Assert.Contains($"HTTP {(int)status}", error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Gone)]
    public async Task ExistsAsync_MissingStatus_ReturnsFalseWithHead(HttpStatusCode status)
    {
        var handler = new StubHandler(status);
        using var store = Store(handler);

        Assert.False(await store.ExistsAsync("v1/a/b.ko", TestContext.Current.CancellationToken));
        Assert.Equal(HttpMethod.Head, Assert.Single(handler.Requests).Method);
    }

    [Fact]
    public async Task ReadAsync_Success_ReturnsBodyFromKeyUnderBasePath()
    {
        var handler = new StubHandler(HttpStatusCode.OK, [7, 8, 9]);
        using var store = Store(handler);

        var bytes = await store.ReadAsync("v1/mod/x.ko", TestContext.Current.CancellationToken);

        Assert.Equal([7, 8, 9], bytes);
        Assert.Equal(new Uri("https://mirror.example/kernel-agent/store/v1/mod/x.ko"), Assert.Single(handler.Requests).RequestUri);
    }

    [Theory]
    [InlineData("v1/a b/c+d.ko", "https://mirror.example/kernel-agent/store/v1/a%20b/c%2Bd.ko")]
    [InlineData("v1/q?x=1#f", "https://mirror.example/kernel-agent/store/v1/q%3Fx%3D1%23f")]
    [InlineData("v1/100%", "https://mirror.example/kernel-agent/store/v1/100%25")]
    public void ObjectUrl_KeyWithReservedCharacters_EscapesEachSegment(string key, string expected)
    {
        using var store = Store(new StubHandler(HttpStatusCode.OK));

        Assert.Equal(expected, store.ObjectUrl(key).AbsoluteUri);
    }

    [Fact]
    public async Task ReadAsync_KeyEscapingPrefix_ThrowsInvalidKeyWithoutRequest()
    {
        var handler = new StubHandler(HttpStatusCode.OK);
        using var store = Store(handler);

        var error = await Assert.ThrowsAsync<StoreException>(() => store.ReadAsync("v1/../../etc/passwd", TestContext.Current.CancellationToken));

        Assert.Equal(StoreErrorKind.InvalidKey, error.Kind);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task WriteAsync_AnyMode_ThrowsReadOnly()
    {
        using var store = Store(new StubHandler(HttpStatusCode.OK));

        var error = await Assert.ThrowsAsync<StoreException>(() => store.WriteAsync("v1/a.ko", new byte[] { 1 }, WriteMode.CreateNew, TestContext.Current.CancellationToken));

        Assert.Equal(StoreErrorKind.ReadOnly, error.Kind);
        Assert.False(store.IsWritable);
    }

    [Fact]
    public void ListAsync_AnyPrefix_ThrowsReadOnlySayingMirrorsCannotList()
    {
        using var store = Store(new StubHandler(HttpStatusCode.OK));

        var error = Assert.Throws<StoreException>(() => store.ListAsync("v1/", TestContext.Current.CancellationToken));

        Assert.Equal(StoreErrorKind.ReadOnly, error.Kind);
        Assert.Contains("cannot list", error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://mirror.example/store/", "scheme")]
    [InlineData("s3://bucket/prefix", "scheme")]
    [InlineData("https://user:secret@mirror.example/store/", "credentials")]
    [InlineData("https://mirror.example/store/?token=1", "query")]
    public void Create_UnusableUrl_ThrowsSayingWhy(string url, string why)
    {
        var error = Assert.Throws<ArgumentException>(() => HttpMirrorArtifactStore.Create(new Uri(url), new HttpMirrorStoreOptions()));

        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NonPositiveTimeout_ThrowsNamingSetting()
    {
        var options = new HttpMirrorStoreOptions { RequestTimeout = TimeSpan.Zero };

        var error = Assert.Throws<ArgumentException>(() => HttpMirrorArtifactStore.Create(Mirror, options));

        Assert.Contains(nameof(HttpMirrorStoreOptions.RequestTimeout), error.Message, StringComparison.Ordinal);
    }
}
