using KernelAgent.Agent.Demand;
using KernelAgent.Agent.Logging;
using KernelAgent.Agent.Resolution;
using KernelAgent.Agent.Tests.Identity;
using KernelAgent.Agent.Tests.Loading;
using KernelAgent.Agent.Tests.Resolution;
using KernelAgent.Agent.Trust;
using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Trust;

namespace KernelAgent.Agent.Tests.Trust;

/// <summary>The resolver under the stores' signed trust policy: what is refused, and the event ids SREs alert on.</summary>
public sealed class TrustPolicySourceTests : IDisposable
{
    private readonly ArtifactWorkspace _work = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 18, 0, 0, TimeSpan.Zero));
    private readonly RecordingLogger<HostArtifactResolver> _log = new();
    private readonly RecordingLogger<TrustPolicySource> _policyLog = new();

    public void Dispose() => _work.Dispose();

    private string StateDirectory => Path.Join(_work.Root, "state");

    [Fact]
    public async Task ResolveAsync_DriverBelowTheStoresFloor_RefusesWithTheRollbackEvent()
    {
        var store = _work.Store("a");
        await _work.PublishAsync(store);
        await PublishPolicyAsync(store, new TrustPolicy(1, new Dictionary<string, string>(), new Dictionary<string, string> { [TestModules.DriverName] = "2:0" }));

        var e = await Assert.ThrowsAsync<ResolutionException>(() => Resolver(store).ResolveAsync(TestModules.Variant, CancellationToken.None));

        Assert.Equal(ResolutionFailure.Refused, e.Outcome);
        Assert.Contains(_log.Events, x => x.Id.Id == AgentEventIds.RollbackRefused && x.Message.Contains("minimum version 2:0", StringComparison.Ordinal));
        Assert.Contains(_policyLog.Events, x => x.Id.Id == AgentEventIds.TrustPolicyAccepted);
    }

    [Fact]
    public async Task ResolveAsync_OnlySignatureByARevokedKey_LogsTheRevokedKeyEvent()
    {
        var store = _work.Store("a");
        await _work.PublishAsync(store);
        using var other = SigningKey.Generate();
        var ring = new TrustedKeyRing([_work.Key.Public, other.Public]);
        await PublishPolicyAsync(store, new TrustPolicy(1, new Dictionary<string, string> { [_work.Key.KeyId] = "leaked" }, new Dictionary<string, string>()), other);

        await Assert.ThrowsAsync<ResolutionException>(() => Resolver(store, ring).ResolveAsync(TestModules.Variant, CancellationToken.None));

        Assert.Contains(_log.Events, x => x.Id.Id == AgentEventIds.RevokedKeyRefused && x.Message.Contains("leaked", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CurrentAsync_StoreServesAnOlderSerialThanKept_KeepsTheNewerAndLogsTheReplay()
    {
        var store = _work.Store("a");
        var floor = new Dictionary<string, string> { [TestModules.DriverName] = "9" };
        await PublishPolicyAsync(store, new TrustPolicy(5, new Dictionary<string, string>(), floor));
        var source = Source(store, _work.TrustedKeys);
        Assert.Equal("9", (await source.CurrentAsync(CancellationToken.None)).Policy.MinimumVersions[TestModules.DriverName]);

        await PublishPolicyAsync(store, new TrustPolicy(4, new Dictionary<string, string>(), new Dictionary<string, string>()));
        var ring = await source.CurrentAsync(CancellationToken.None);

        Assert.Equal("9", ring.Policy.MinimumVersions[TestModules.DriverName]);
        Assert.Contains(_policyLog.Events, x => x.Id.Id == AgentEventIds.TrustPolicyReplayed);
    }

    [Fact]
    public async Task CurrentAsync_NewerPolicySignedByAKeyTheKeptPolicyRevokes_IsRefused()
    {
        var store = _work.Store("a");
        using var stolen = SigningKey.Generate();
        var ring = new TrustedKeyRing([_work.Key.Public, stolen.Public]);
        await PublishPolicyAsync(store, new TrustPolicy(1, new Dictionary<string, string> { [stolen.KeyId] = "stolen" }, new Dictionary<string, string>()));
        var source = Source(store, ring);
        Assert.True((await source.CurrentAsync(CancellationToken.None)).Policy.IsRevoked(stolen.KeyId));

        await PublishPolicyAsync(store, new TrustPolicy(2, new Dictionary<string, string>(), new Dictionary<string, string>()), stolen);

        Assert.True((await source.CurrentAsync(CancellationToken.None)).Policy.IsRevoked(stolen.KeyId));
        Assert.Contains(_policyLog.Events, x => x.Id.Id == AgentEventIds.TrustPolicyRefused && x.Message.Contains("revoked key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CurrentAsync_TamperedPolicy_IsRefusedAndTheConfigurationAloneApplies()
    {
        var store = _work.Store("a");
        await PublishPolicyAsync(store, new TrustPolicy(1, new Dictionary<string, string>(), new Dictionary<string, string> { [TestModules.DriverName] = "9" }));
        var path = ArtifactWorkspace.PathOf(store, KernelAgent.Store.Layout.StoreLayout.TrustPolicyKey);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"sig\":\"", "\"sig\":\"AAAA", StringComparison.Ordinal));

        var ring = await Source(store, _work.TrustedKeys).CurrentAsync(CancellationToken.None);

        Assert.Empty(ring.Policy.MinimumVersions);
        Assert.Contains(_policyLog.Events, x => x.Id.Id == AgentEventIds.TrustPolicyRefused);
    }

    private Task PublishPolicyAsync(IArtifactStore store, TrustPolicy policy, SigningKey? key = null) =>
        ArtifactPublisher.PublishTrustPolicyAsync(store, TrustPolicyCodec.Sign(policy, _time.GetUtcNow(), key ?? _work.Key), CancellationToken.None);

    private TrustPolicySource Source(IArtifactStore store, TrustedKeyRing ring) => new(ring, [store], StateDirectory, _policyLog);

    private HostArtifactResolver Resolver(IArtifactStore store, TrustedKeyRing? ring = null) => new(
        new ArtifactCache(_work.CacheDirectory, _time),
        [store],
        new FakeFarmClient(),
        url => ArtifactStoreFactory.Create(url),
        ring ?? _work.TrustedKeys,
        "test-host",
        new DemandLedger(),
        _log,
        trust: Source(store, ring ?? _work.TrustedKeys));
}
