using System.Text;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Backends.S3;

namespace KernelAgent.Store.Tests.Backends.S3;

/// <summary>The S3 backend against a real Ceph radosgw (conditional writes, error codes, paging).</summary>
[Trait("Category", "Integration")]
[Collection(RadosgwTests.Name)]
public sealed class S3ArtifactStoreIntegrationTests(RadosgwFixture radosgw)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<S3ArtifactStore> NewStoreAsync(string prefix = "fleet/eu")
    {
        radosgw.EnsureServing();
        var bucket = await radosgw.NewBucketAsync(Cancel);
        return S3ArtifactStore.Create(new Uri($"s3://{bucket}/{prefix}"), radosgw.Options());
    }

    [Fact]
    public async Task WriteAsync_ThenReadAsync_RoundTripsUnderPrefix()
    {
        using var store = await NewStoreAsync();
        var content = Encoding.UTF8.GetBytes("module bytes");

        await store.WriteAsync("v1/modules/demo/a.ko", content, WriteMode.Overwrite, Cancel);

        Assert.Equal(content, await store.ReadAsync("v1/modules/demo/a.ko", Cancel));
        Assert.True(await store.ExistsAsync("v1/modules/demo/a.ko", Cancel));
        using var client = radosgw.Client();
        using var raw = await client.GetObjectAsync(store.Location.Host, "fleet/eu/v1/modules/demo/a.ko", Cancel);
        Assert.Equal(content.Length, raw.ContentLength);
    }

    [Fact]
    public async Task WriteAsync_OverwriteExisting_ReplacesContent()
    {
        using var store = await NewStoreAsync();
        await store.WriteAsync("v1/x.json", "old"u8.ToArray(), WriteMode.Overwrite, Cancel);

        await store.WriteAsync("v1/x.json", "new"u8.ToArray(), WriteMode.Overwrite, Cancel);

        Assert.Equal("new"u8.ToArray(), await store.ReadAsync("v1/x.json", Cancel));
    }

    [Fact]
    public async Task WriteAsync_CreateNewTwice_SecondIsConflictAndFirstContentKept()
    {
        using var store = await NewStoreAsync();
        await store.WriteAsync("v1/a/attestation.dsse.json", "first"u8.ToArray(), WriteMode.CreateNew, Cancel);

        var error = await Assert.ThrowsAsync<StoreException>(
            () => store.WriteAsync("v1/a/attestation.dsse.json", "second"u8.ToArray(), WriteMode.CreateNew, Cancel));

        Assert.Equal(StoreErrorKind.Conflict, error.Kind);
        Assert.Equal("v1/a/attestation.dsse.json", error.Key);
        Assert.Contains("412", error.Detail, StringComparison.Ordinal);
        Assert.Equal("first"u8.ToArray(), await store.ReadAsync("v1/a/attestation.dsse.json", Cancel));
    }

    [Fact]
    public async Task Calls_AfterRefusedWrites_GetTheirOwnAnswers()
    {
        // radosgw answers a refused PUT before reading its body; a reused connection then mixed up answers.
        using var store = await NewStoreAsync();
        using var missingBucket = S3ArtifactStore.Create(new Uri("s3://ka-test-no-such-bucket/p"), radosgw.Options());
        await store.WriteAsync("v1/once.json", "first"u8.ToArray(), WriteMode.CreateNew, Cancel);
        for (var i = 0; i < 20; i++)
        {
            var conflict = await Assert.ThrowsAsync<StoreException>(() => store.WriteAsync("v1/once.json", "again"u8.ToArray(), WriteMode.CreateNew, Cancel));
            Assert.Equal(StoreErrorKind.Conflict, conflict.Kind);
            Assert.True(await store.ExistsAsync("v1/once.json", Cancel));
            Assert.Equal("first"u8.ToArray(), await store.ReadAsync("v1/once.json", Cancel));

            var missing = await Assert.ThrowsAsync<StoreException>(() => missingBucket.WriteAsync("v1/x", new byte[] { 1 }, WriteMode.Overwrite, Cancel));
            Assert.Equal(StoreErrorKind.NotFound, missing.Kind);
            Assert.Equal(StoreErrorKind.NotFound, (await Assert.ThrowsAsync<StoreException>(() => missingBucket.ExistsAsync("v1/x", Cancel))).Kind);
        }
    }

    [Fact]
    public async Task WriteAsync_TwoConcurrentCreateNew_ExactlyOneWins()
    {
        using var store = await NewStoreAsync();
        using var second = S3ArtifactStore.Create(store.Location, radosgw.Options());
        for (var round = 0; round < 10; round++)
        {
            var key = $"v1/race/{round}/attestation.dsse.json";
            var contents = new[] { Encoding.UTF8.GetBytes($"writer A {round}"), Encoding.UTF8.GetBytes($"writer B {round}") };
            var writes = new[]
            {
                Attempt(store, key, contents[0]),
                Attempt(second, key, contents[1]),
            };

            var outcomes = await Task.WhenAll(writes);

            Assert.Single(outcomes, o => o is null);
            Assert.Equal(StoreErrorKind.Conflict, Assert.Single(outcomes, o => o is not null)!.Kind);
            var winner = Array.FindIndex(outcomes, o => o is null);
            Assert.Equal(contents[winner], await store.ReadAsync(key, Cancel));
        }

        static async Task<StoreException?> Attempt(S3ArtifactStore target, string key, byte[] content)
        {
            await Task.Yield();
            try
            {
                await target.WriteAsync(key, content, WriteMode.CreateNew, Cancel);
                return null;
            }
            catch (StoreException e)
            {
                return e;
            }
        }
    }

    [Fact]
    public async Task ReadAsync_MissingObject_ThrowsNotFoundNamingKey()
    {
        using var store = await NewStoreAsync();

        var error = await Assert.ThrowsAsync<StoreException>(() => store.ReadAsync("v1/none/here.ko", Cancel));

        Assert.Equal(StoreErrorKind.NotFound, error.Kind);
        Assert.Equal("v1/none/here.ko", error.Key);
        Assert.Contains("NoSuchKey", error.Detail, StringComparison.Ordinal);
        Assert.Contains("'fleet/eu/v1/none/here.ko'", error.Detail, StringComparison.Ordinal);
        Assert.False(await store.ExistsAsync("v1/none/here.ko", Cancel));
    }

    [Theory]
    [InlineData("WRONGACCESSKEY000001", null, "InvalidAccessKeyId")]
    [InlineData(null, "not-the-secret", "SignatureDoesNotMatch")]
    public async Task Calls_WrongCredentials_ThrowAccessDenied(string? accessKey, string? secretKey, string code)
    {
        radosgw.EnsureServing();
        var bucket = await radosgw.NewBucketAsync(Cancel);
        using var store = S3ArtifactStore.Create(new Uri($"s3://{bucket}/p"), radosgw.Options(accessKey, secretKey));

        var read = await Assert.ThrowsAsync<StoreException>(() => store.ReadAsync("v1/a.ko", Cancel));
        var write = await Assert.ThrowsAsync<StoreException>(() => store.WriteAsync("v1/a.ko", new byte[] { 1 }, WriteMode.CreateNew, Cancel));
        var exists = await Assert.ThrowsAsync<StoreException>(() => store.ExistsAsync("v1/a.ko", Cancel));

        Assert.All([read, write, exists], e => Assert.Equal(StoreErrorKind.AccessDenied, e.Kind));
        Assert.Contains(code, read.Detail, StringComparison.Ordinal);
        Assert.Contains(code, write.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_MissingBucket_ThrowNotFoundSayingBucket()
    {
        radosgw.EnsureServing();
        using var store = S3ArtifactStore.Create(new Uri("s3://ka-test-no-such-bucket/p"), radosgw.Options());

        var read = await Assert.ThrowsAsync<StoreException>(() => store.ReadAsync("v1/a.ko", Cancel));
        var write = await Assert.ThrowsAsync<StoreException>(() => store.WriteAsync("v1/a.ko", new byte[] { 1 }, WriteMode.Overwrite, Cancel));
        var exists = await Assert.ThrowsAsync<StoreException>(() => store.ExistsAsync("v1/a.ko", Cancel));
        var list = await Assert.ThrowsAsync<StoreException>(async () => await store.ListAsync("v1/", Cancel).ToListAsync(Cancel));

        Assert.All([read, write, exists, list], e =>
        {
            Assert.Equal(StoreErrorKind.NotFound, e.Kind);
            Assert.Contains("the bucket 'ka-test-no-such-bucket' does not exist", e.Detail, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task ListAsync_UnderPrefix_ReturnsStoreKeysOfThatPrefixOnly()
    {
        using var store = await NewStoreAsync();
        string[] wanted = ["v1/snapshots/a.json", "v1/snapshots/b.json", "v1/snapshots/deep/c.json"];
        foreach (var key in wanted.Append("v1/audit/x.json").Append("v1/snapshotsX/y.json"))
        {
            await store.WriteAsync(key, "{}"u8.ToArray(), WriteMode.Overwrite, Cancel);
        }

        using var other = S3ArtifactStore.Create(new Uri($"s3://{store.Location.Host}/fleet/us"), radosgw.Options());
        await other.WriteAsync("v1/snapshots/elsewhere.json", "{}"u8.ToArray(), WriteMode.Overwrite, Cancel);

        var listed = await store.ListAsync("v1/snapshots/", Cancel).ToListAsync(Cancel);

        Assert.Equal(wanted, listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListAsync_MoreKeysThanOnePage_FollowsContinuation()
    {
        using var store = await NewStoreAsync();
        store.ListPageSize = 2;
        var keys = Enumerable.Range(0, 5).Select(i => $"v1/paged/{i}.json").ToArray();
        foreach (var key in keys)
        {
            await store.WriteAsync(key, "{}"u8.ToArray(), WriteMode.Overwrite, Cancel);
        }

        var listed = await store.ListAsync("v1/paged/", Cancel).ToListAsync(Cancel);

        Assert.Equal(keys, listed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListAsync_WholeStore_ReturnsEveryKeyWithoutPrefix()
    {
        using var store = await NewStoreAsync("only");
        await store.WriteAsync("v1/one.json", "{}"u8.ToArray(), WriteMode.Overwrite, Cancel);

        var listed = await store.ListAsync(string.Empty, Cancel).ToListAsync(Cancel);

        Assert.Equal(["v1/one.json"], listed);
    }
}
