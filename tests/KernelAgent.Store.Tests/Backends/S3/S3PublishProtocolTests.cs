using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Backends.S3;
using KernelAgent.Store.Tests.TestSupport;

namespace KernelAgent.Store.Tests.Backends.S3;

/// <summary>The publish protocol (module first, attestation by conditional create) on a real radosgw.</summary>
[Trait("Category", "Integration")]
[Collection(RadosgwTests.Name)]
public sealed class S3PublishProtocolTests(RadosgwFixture radosgw) : IDisposable
{
    private readonly SigningKey _key = SigningKey.Generate();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => _key.Dispose();

    [Fact]
    public async Task PublishAsync_ThenResolveAsync_FindsVerifiedModuleAndSecondPublishIsAConflict()
    {
        radosgw.EnsureServing();
        var bucket = await radosgw.NewBucketAsync(Cancel);
        using var store = S3ArtifactStore.Create(new Uri($"s3://{bucket}/fleet"), radosgw.Options());
        var variant = TestVariants.Debian();
        var first = TestVariants.FakeModule(1);
        var second = TestVariants.FakeModule(2);
        var ring = new TrustedKeyRing([_key.Public]);

        var published = await ArtifactPublisher.PublishAsync(store, variant, first, TestVariants.Sign(variant, first, _key), Cancel);
        var again = await ArtifactPublisher.PublishAsync(store, variant, second, TestVariants.Sign(variant, second, _key), Cancel);
        var resolved = await ArtifactResolver.ResolveAsync(store, variant, ring, Cancel);

        Assert.Equal(PublishOutcome.Published, published.Outcome);
        Assert.Equal(PublishOutcome.AlreadyPublished, again.Outcome);
        Assert.NotNull(resolved);
        Assert.Equal(first, resolved.Module);
    }

    [Fact]
    public async Task ResolveAsync_TamperedModuleInBucket_IsRefusedAsDigestMismatch()
    {
        radosgw.EnsureServing();
        var bucket = await radosgw.NewBucketAsync(Cancel);
        using var store = S3ArtifactStore.Create(new Uri($"s3://{bucket}/fleet"), radosgw.Options());
        var variant = TestVariants.Debian();
        var module = TestVariants.FakeModule(3);
        var result = await ArtifactPublisher.PublishAsync(store, variant, module, TestVariants.Sign(variant, module, _key), Cancel);
        module[^1] ^= 0xff;
        await store.WriteAsync(result.ModuleKey, module, KernelAgent.Store.Backends.WriteMode.Overwrite, Cancel);

        var e = await Assert.ThrowsAsync<AttestationVerificationException>(
            () => ArtifactResolver.ResolveAsync(store, variant, new TrustedKeyRing([_key.Public]), Cancel));

        Assert.Equal(VerificationFailure.DigestMismatch, e.Reason);
    }
}
