using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Tests.TestSupport;

namespace KernelAgent.Store.Tests.Artifacts;

public sealed class ArtifactPublisherTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly SigningKey _key = SigningKey.Generate();
    private readonly IArtifactStore _store;
    private readonly TrustedKeyRing _ring;

    public ArtifactPublisherTests()
    {
        _store = ArtifactStoreFactory.Create(_dir.Path);
        _ring = new TrustedKeyRing([_key.Public]);
    }

    public void Dispose()
    {
        _key.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task PublishAsync_ThenResolveAsync_FindsVerifiedModule()
    {
        var ct = TestContext.Current.CancellationToken;
        var variant = TestVariants.Debian();
        var module = TestVariants.FakeModule();

        var result = await ArtifactPublisher.PublishAsync(_store, variant, module, TestVariants.Sign(variant, module, _key), ct);
        var resolved = await ArtifactResolver.ResolveAsync(_store, variant, _ring, ct);

        Assert.Equal(PublishOutcome.Published, result.Outcome);
        Assert.NotNull(resolved);
        Assert.Equal(module, resolved.Module);
        Assert.Equal(_key.KeyId, resolved.Attestation.KeyId);
    }

    [Fact]
    public async Task PublishAsync_SecondWriterWithOtherBytes_IsAlreadyPublishedAndFirstStaysIntact()
    {
        var ct = TestContext.Current.CancellationToken;
        var variant = TestVariants.Debian();
        var first = TestVariants.FakeModule(1);
        var second = TestVariants.FakeModule(2);
        await ArtifactPublisher.PublishAsync(_store, variant, first, TestVariants.Sign(variant, first, _key), ct);

        var result = await ArtifactPublisher.PublishAsync(_store, variant, second, TestVariants.Sign(variant, second, _key), ct);

        Assert.Equal(PublishOutcome.AlreadyPublished, result.Outcome);
        Assert.Equal(first, (await ArtifactResolver.ResolveAsync(_store, variant, _ring, ct))!.Module);
    }

    [Fact]
    public async Task ResolveAsync_ModuleWithoutAttestation_IsAMiss()
    {
        var ct = TestContext.Current.CancellationToken;
        var variant = TestVariants.Debian();
        var module = TestVariants.FakeModule();
        await _store.WriteAsync(StoreLayout.ModuleKey(variant, Digests.Sha256Hex(module)), module, WriteMode.Overwrite, ct);

        Assert.Null(await ArtifactResolver.ResolveAsync(_store, variant, _ring, ct));
    }

    [Fact]
    public async Task ResolveAsync_ModuleReplacedAfterPublish_IsRefusedAsDigestMismatch()
    {
        var ct = TestContext.Current.CancellationToken;
        var variant = TestVariants.Debian();
        var module = TestVariants.FakeModule();
        var result = await ArtifactPublisher.PublishAsync(_store, variant, module, TestVariants.Sign(variant, module, _key), ct);
        var tampered = (byte[])module.Clone();
        tampered[^1] ^= 0xff;
        await _store.WriteAsync(result.ModuleKey, tampered, WriteMode.Overwrite, ct);

        var e = await Assert.ThrowsAsync<AttestationVerificationException>(() => ArtifactResolver.ResolveAsync(_store, variant, _ring, ct));

        Assert.Equal(VerificationFailure.DigestMismatch, e.Reason);
    }

    [Fact]
    public async Task ResolveAsync_AttestationForOtherVariantUnderThisKey_IsVariantMismatch()
    {
        var ct = TestContext.Current.CancellationToken;
        var variant = TestVariants.Debian();
        var neighbour = KernelAgent.Store.Variants.ArtifactVariant.Create(
            TestVariants.DebianKernel with { KernelRelease = "6.1.0-55-amd64" }, TestVariants.SampleDriver);
        var module = TestVariants.FakeModule();
        await _store.WriteAsync(StoreLayout.ModuleKey(variant, Digests.Sha256Hex(module)), module, WriteMode.Overwrite, ct);
        await _store.WriteAsync(StoreLayout.AttestationKey(variant), TestVariants.Sign(neighbour, module, _key), WriteMode.CreateNew, ct);

        var e = await Assert.ThrowsAsync<AttestationVerificationException>(() => ArtifactResolver.ResolveAsync(_store, variant, _ring, ct));

        Assert.Equal(VerificationFailure.VariantMismatch, e.Reason);
    }
}
