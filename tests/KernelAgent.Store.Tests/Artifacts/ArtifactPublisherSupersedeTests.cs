using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Tests.TestSupport;

namespace KernelAgent.Store.Tests.Artifacts;

/// <summary>The superseding publish on a directory store: history kept, one complete attestation for every reader.</summary>
public sealed class ArtifactPublisherSupersedeTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly SigningKey _key = SigningKey.Generate();
    private readonly IArtifactStore _store;
    private readonly TrustedKeyRing _ring;

    public ArtifactPublisherSupersedeTests()
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
        Assert.Equal(second, resolved.Module);
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
        Assert.Equal(module, (await ArtifactResolver.ResolveAsync(_store, variant, _ring, ct))!.Module);
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
                    Assert.Contains(modules, m => m.AsSpan().SequenceEqual(resolved.Module));
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
