using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Backends.S3;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Tests.TestSupport;

namespace KernelAgent.Store.Tests.Backends.S3;

/// <summary>The publish protocols (module first, attestation by conditional create, or superseding with history) on a real radosgw.</summary>
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
        Assert.Equal(first, resolved.Modules[0].Bytes);
    }

    [Fact]
    public async Task SupersedeAsync_PublishedVariantInBucket_KeepsHistoryAndTheResolverVerifiesTheNewAttestation()
    {
        radosgw.EnsureServing();
        var bucket = await radosgw.NewBucketAsync(Cancel);
        using var store = S3ArtifactStore.Create(new Uri($"s3://{bucket}/fleet"), radosgw.Options());
        var variant = TestVariants.Debian();
        var (first, second) = (TestVariants.FakeModule(5), TestVariants.FakeModule(6));
        var firstEnvelope = AttestationSigner.Sign(StatementFactory.Create(TestVariants.Facts(variant, first) with { BuildKey = new string('1', 64) }), _key);
        var secondEnvelope = AttestationSigner.Sign(StatementFactory.Create(TestVariants.Facts(variant, second) with { BuildKey = new string('2', 64) }), _key);
        var published = await ArtifactPublisher.PublishAsync(store, variant, first, firstEnvelope, Cancel);

        var superseded = await ArtifactPublisher.SupersedeAsync(store, variant, second, secondEnvelope, Cancel);
        var resolved = await ArtifactResolver.ResolveAsync(store, variant, new TrustedKeyRing([_key.Public]), Cancel);
        var history = new List<string>();
        await foreach (var key in store.ListAsync($"{StoreLayout.VariantFolder(variant)}/{StoreLayout.HistoryFolderName}/", Cancel))
        {
            history.Add(key);
        }

        Assert.Equal(PublishOutcome.Superseded, superseded.Outcome);
        Assert.NotNull(resolved);
        Assert.Equal(second, resolved.Modules[0].Bytes);
        Assert.Equal(new string('2', 64), resolved.Attestation.BuildKey);
        Assert.Equal(firstEnvelope, await store.ReadAsync(superseded.SupersededAttestationKey!, Cancel));
        Assert.Equal(
            new[] { firstEnvelope, secondEnvelope }.Select(e => StoreLayout.AttestationHistoryKey(variant, Digests.Sha256Hex(e))).Order(StringComparer.Ordinal),
            history.Order(StringComparer.Ordinal));
        Assert.Equal(first, await store.ReadAsync(published.ModuleKey, Cancel));
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
