using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Modules;
using KernelAgent.Store.Tests.TestSupport;

namespace KernelAgent.Store.Tests.Artifacts;

/// <summary>Layout v2: one artifact holds every module of the driver; all verified or none used.</summary>
public sealed partial class ArtifactPublisherTests
{
    [Fact]
    public async Task PublishAsync_ThreeModules_ResolvesEachWithItsNameLocationAndBytes()
    {
        var ct = TestContext.Current.CancellationToken;
        var variant = TestVariants.Debian();
        var modules = Jool();

        var result = await PublishAsync(variant, modules, ct);
        var resolved = await ArtifactResolver.ResolveAsync(_store, variant, _ring, ct);

        Assert.Equal(PublishOutcome.Published, result.Outcome);
        Assert.NotNull(resolved);
        Assert.Equal(["jool_common", "jool", "xt_ACCOUNT"], resolved.Modules.Select(m => m.Module.ModuleName));
        Assert.Equal(["updates/dkms", "updates/dkms", "kernel/net/netfilter"], resolved.Modules.Select(m => m.Module.InstallLocation));
        Assert.Equal(modules.Select(m => m.Bytes), resolved.Modules.Select(m => m.Bytes));
        Assert.Equal(result.Modules.Select(m => m.Key), resolved.Modules.Select(m => m.Key));
        Assert.EndsWith("/xt_ACCOUNT-" + Digests.Sha256Hex(modules[2].Bytes) + ".ko", result.Modules[2].Key, StringComparison.Ordinal);
        Assert.Equal(BuildDefinition.KbuildBuildTypeV2, resolved.Attestation.Statement.Predicate.BuildDefinition.BuildType);
    }

    [Fact]
    public async Task ResolveAsync_OneModuleTampered_RefusesTheWholeArtifactNamingIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var variant = TestVariants.Debian();
        var modules = Jool();
        var result = await PublishAsync(variant, modules, ct);
        await _store.WriteAsync(result.Modules[1].Key, TestVariants.FakeModule(99), WriteMode.Overwrite, ct);

        var error = await Assert.ThrowsAsync<AttestationVerificationException>(() => ArtifactResolver.ResolveAsync(_store, variant, _ring, ct));

        Assert.Equal(VerificationFailure.DigestMismatch, error.Reason);
        Assert.Contains("jool.ko", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_OneModuleMissing_FailsAsAStoreError()
    {
        var ct = TestContext.Current.CancellationToken;
        var variant = TestVariants.Debian();
        var result = await PublishAsync(variant, Jool(), ct);
        File.Delete(Path.Join(_dir.Path, result.Modules[2].Key));

        var error = await Assert.ThrowsAsync<StoreException>(() => ArtifactResolver.ResolveAsync(_store, variant, _ring, ct));

        Assert.Equal(StoreErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public async Task PublishAsync_AttestationIsWrittenAfterEveryModule()
    {
        var ct = TestContext.Current.CancellationToken;
        var variant = TestVariants.Debian();
        var recording = new RecordingStore(_store);
        var modules = Jool();

        await ArtifactPublisher.PublishAsync(recording, variant, [.. modules.Select(m => new ModuleContent(m.File, m.Bytes))], Sign(variant, modules), ct);

        Assert.Equal(4, recording.Writes.Count);
        Assert.EndsWith(StoreLayout.AttestationFileName, recording.Writes[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void StatementFactory_ModulesEveryReaderWouldRefuse_AreNotSigned()
    {
        var facts = TestVariants.Facts(TestVariants.Debian(), TestVariants.FakeModule()) with
        {
            Modules = [new ArtifactModule("jool", "jool.ko", "../../etc", new string('a', 64))],
        };

        var error = Assert.Throws<ArgumentException>(() => StatementFactory.Create(facts));

        Assert.Contains("install location", error.Message, StringComparison.Ordinal);
    }

    private static List<(string Name, string File, string Location, byte[] Bytes)> Jool() =>
    [
        ("jool_common", "jool_common.ko", "updates/dkms", TestVariants.FakeModule(11)),
        ("jool", "jool.ko", "updates/dkms", TestVariants.FakeModule(12)),
        ("xt_ACCOUNT", "xt_ACCOUNT.ko", "kernel/net/netfilter", TestVariants.FakeModule(13)),
    ];

    private byte[] Sign(KernelAgent.Store.Variants.ArtifactVariant variant, List<(string Name, string File, string Location, byte[] Bytes)> modules) =>
        AttestationSigner.Sign(StatementFactory.Create(TestVariants.Facts(variant, modules[0].Bytes) with
        {
            Modules = [.. modules.Select(m => new ArtifactModule(m.Name, m.File, m.Location, Digests.Sha256Hex(m.Bytes)))],
        }), _key);

    private Task<PublishResult> PublishAsync(
        KernelAgent.Store.Variants.ArtifactVariant variant, List<(string Name, string File, string Location, byte[] Bytes)> modules, CancellationToken ct) =>
        ArtifactPublisher.PublishAsync(_store, variant, [.. modules.Select(m => new ModuleContent(m.File, m.Bytes))], Sign(variant, modules), ct);

    /// <summary>The directory store, remembering the order of writes.</summary>
    private sealed class RecordingStore(IArtifactStore inner) : IArtifactStore
    {
        public List<string> Writes { get; } = [];

        public Uri Location => inner.Location;

        public bool IsWritable => inner.IsWritable;

        public Task<byte[]> ReadAsync(string key, CancellationToken cancellationToken) => inner.ReadAsync(key, cancellationToken);

        public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => inner.ExistsAsync(key, cancellationToken);

        public Task WriteAsync(string key, ReadOnlyMemory<byte> content, WriteMode mode, CancellationToken cancellationToken)
        {
            Writes.Add(key);
            return inner.WriteAsync(key, content, mode, cancellationToken);
        }

        public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

        public void Dispose()
        {
        }
    }
}
