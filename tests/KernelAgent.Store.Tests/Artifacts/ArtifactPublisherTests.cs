using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Tests.TestSupport;

namespace KernelAgent.Store.Tests.Artifacts;

public sealed partial class ArtifactPublisherTests : IDisposable
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
        Assert.Equal(module, resolved.Modules[0].Bytes);
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
        Assert.Equal(first, (await ArtifactResolver.ResolveAsync(_store, variant, _ring, ct))!.Modules[0].Bytes);
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

    [Fact]
    public async Task SupersedeAsync_PublishedVariant_ReplacesTheAttestationAndKeepsThePreviousInHistory()
    {
        var ct = TestContext.Current.CancellationToken;
        var variant = TestVariants.Debian();
        var (first, second) = (TestVariants.FakeModule(1), TestVariants.FakeModule(2));
        var firstEnvelope = Sign(first, "key-1");
        var firstResult = await ArtifactPublisher.PublishAsync(_store, variant, first, firstEnvelope, ct);

        var result = await ArtifactPublisher.SupersedeAsync(_store, variant, second, Sign(second, "key-2"), ct);
        var resolved = await ArtifactResolver.ResolveAsync(_store, variant, _ring, ct);

        Assert.Equal(PublishOutcome.Superseded, result.Outcome);
        Assert.Equal(StoreLayout.AttestationHistoryKey(variant, Digests.Sha256Hex(firstEnvelope)), result.SupersededAttestationKey);
        Assert.Equal(firstEnvelope, await _store.ReadAsync(result.SupersededAttestationKey!, ct));
        Assert.NotNull(resolved);
        Assert.Equal(second, resolved.Modules[0].Bytes);
        Assert.Equal("key-2", resolved.Attestation.BuildKey);
        Assert.Equal(result.AttestationSha256, resolved.Attestation.EnvelopeSha256);

        // The old module stays: a reader that read the old attestation a moment ago still finds what it names.
        Assert.Equal(first, await _store.ReadAsync(firstResult.ModuleKey, ct));
    }

    [Fact]
    public async Task SupersedeAsync_NothingPublished_PublishesAndKeepsItsOwnAttestationInHistory()
    {
        var ct = TestContext.Current.CancellationToken;
        var variant = TestVariants.Debian();
        var module = TestVariants.FakeModule(3);
        var envelope = Sign(module, "key-1");

        var result = await ArtifactPublisher.SupersedeAsync(_store, variant, module, envelope, ct);

        Assert.Equal(PublishOutcome.Published, result.Outcome);
        Assert.Null(result.SupersededAttestationKey);
        Assert.Equal(module, (await ArtifactResolver.ResolveAsync(_store, variant, _ring, ct))!.Modules[0].Bytes);
        Assert.Equal([StoreLayout.AttestationHistoryKey(variant, result.AttestationSha256)], await HistoryAsync(variant));
    }

    [Fact]
    public async Task SupersedeAsync_TwoRebuildsInARow_KeepsEveryAttestationThatWasEverCurrent()
    {
        var ct = TestContext.Current.CancellationToken;
        var variant = TestVariants.Debian();
        var envelopes = new List<byte[]>();
        for (var i = 1; i <= 3; i++)
        {
            var module = TestVariants.FakeModule(i);
            envelopes.Add(Sign(module, $"key-{i}"));
            await (i == 1
                ? ArtifactPublisher.PublishAsync(_store, variant, module, envelopes[^1], ct)
                : ArtifactPublisher.SupersedeAsync(_store, variant, module, envelopes[^1], ct));
        }

        var expected = envelopes.Select(e => StoreLayout.AttestationHistoryKey(variant, Digests.Sha256Hex(e))).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, await HistoryAsync(variant));
        Assert.Equal(envelopes[2], await _store.ReadAsync(StoreLayout.AttestationKey(variant), ct));
    }

    [Fact]
    public async Task SupersedeAsync_TheCurrentEnvelopeAgain_IsAlreadyPublishedAndChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var variant = TestVariants.Debian();
        var module = TestVariants.FakeModule(4);
        var envelope = Sign(module, "key-1");
        await ArtifactPublisher.PublishAsync(_store, variant, module, envelope, ct);

        var result = await ArtifactPublisher.SupersedeAsync(_store, variant, module, envelope, ct);

        Assert.Equal(PublishOutcome.AlreadyPublished, result.Outcome);
        Assert.Empty(await HistoryAsync(variant));
    }

    [Fact(Timeout = 60_000)]
    public async Task ResolveAsync_WhileRebuildsSupersedeEachOther_AlwaysFindsOneCompleteVerifiedArtifact()
    {
        var ct = TestContext.Current.CancellationToken;
        var variant = TestVariants.Debian();
        var modules = Enumerable.Range(1, 4).Select(TestVariants.FakeModule).ToList();
        var envelopes = modules.Select((m, i) => Sign(m, $"key-{i}")).ToList();
        await ArtifactPublisher.PublishAsync(_store, variant, modules[0], envelopes[0], ct);
        using var done = new CancellationTokenSource();

        var reader = Task.Run(
            async () =>
            {
                var reads = 0;
                while (!done.IsCancellationRequested)
                {
                    var resolved = await ArtifactResolver.ResolveAsync(_store, variant, _ring, ct);
                    Assert.NotNull(resolved);
                    Assert.Contains(modules, m => m.AsSpan().SequenceEqual(resolved.Modules[0].Bytes));
                    reads++;
                }

                return reads;
            },
            ct);
        for (var round = 0; round < 40; round++)
        {
            var i = round % modules.Count;
            await ArtifactPublisher.SupersedeAsync(_store, variant, modules[i], envelopes[i], ct);
        }

        await done.CancelAsync();
        var reads = await reader;

        Assert.True(reads > 0);
        Assert.Equal(modules.Count, (await HistoryAsync(variant)).Count);
    }

    private byte[] Sign(byte[] module, string buildKey) =>
        AttestationSigner.Sign(StatementFactory.Create(TestVariants.Facts(TestVariants.Debian(), module) with { BuildKey = buildKey }), _key);

    private async Task<List<string>> HistoryAsync(KernelAgent.Store.Variants.ArtifactVariant variant)
    {
        var keys = new List<string>();
        await foreach (var key in _store.ListAsync($"{StoreLayout.VariantFolder(variant)}/{StoreLayout.HistoryFolderName}/", CancellationToken.None))
        {
            keys.Add(key);
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }
}
