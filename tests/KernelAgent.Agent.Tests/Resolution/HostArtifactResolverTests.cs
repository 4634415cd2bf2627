using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KernelAgent.Agent.Demand;
using KernelAgent.Agent.Logging;
using KernelAgent.Agent.Resolution;
using KernelAgent.Agent.Tests.Identity;
using KernelAgent.Agent.Tests.Loading;
using KernelAgent.Agent.Tests.TestSupport;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Attestations;
using KernelAgent.Store.Attestations.Keys;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Tests.Resolution;

/// <summary>The resolution order over real directory stores (and an HTTP mirror that is down), with a scripted farm.</summary>
public sealed class HostArtifactResolverTests : IDisposable
{
    private static readonly ArtifactVariant Variant = TestModules.Variant;

    private readonly ArtifactWorkspace _work = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero));
    private readonly RecordingLogger<HostArtifactResolver> _log = new();
    private readonly DemandLedger _misses = new();

    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task ResolveAsync_ValidCachedCopy_ReturnsItWithoutAskingStoresOrFarm()
    {
        var cached = await _work.PublishAsync(_work.Store("a"), module: TestModules.Module(build: 1));
        await Resolver([_work.Store("a")]).ResolveAsync(Variant, CancellationToken.None);
        var newer = _work.Store("newer");
        await _work.PublishAsync(newer, module: TestModules.Module(build: 2));
        var farm = new FakeFarmClient((_, _) => throw new InvalidOperationException("the farm must not be asked"));

        var result = await Resolver([newer], farm).ResolveAsync(Variant, CancellationToken.None);

        Assert.Equal(ArtifactSource.Cache, result.Source);
        Assert.Equal(cached, result.Artifact.Modules[0].Bytes);
        Assert.Empty(farm.Requests);
        Assert.Contains(_log.Events, e => e.Id.Id == AgentEventIds.CacheHit);
    }

    [Fact]
    public async Task ResolveAsync_FirstStoreMisses_ReturnsSecondStoreBeforeThirdAndCachesIt()
    {
        var (empty, second, third) = (_work.Store("empty"), _work.Store("second"), _work.Store("third"));
        var fromSecond = await _work.PublishAsync(second, module: TestModules.Module(build: 2));
        await _work.PublishAsync(third, module: TestModules.Module(build: 3));

        var result = await Resolver([empty, second, third]).ResolveAsync(Variant, CancellationToken.None);

        Assert.Equal(ArtifactSource.Store, result.Source);
        Assert.Equal(second.Location, result.Artifact.Store);
        Assert.Equal(fromSecond, result.Artifact.Modules[0].Bytes);
        Assert.Equal([AgentEventIds.StoreMiss, AgentEventIds.StoreHit], _log.Events.Select(e => e.Id.Id));
        Assert.Contains(empty.Location.ToString(), _log.Events[0].Message, StringComparison.Ordinal);
        Assert.Equal(fromSecond, File.ReadAllBytes(Path.Join(_work.CacheDirectory, Variant.ContentKey, "kagent_sample.ko")));

        var again = await Resolver([]).ResolveAsync(Variant, CancellationToken.None);
        Assert.Equal(ArtifactSource.Cache, again.Source);
    }

    [Fact]
    public async Task ResolveAsync_TamperedCachedModule_QuarantinesItAndResolvesFromStore()
    {
        var store = _work.Store("a");
        var published = await _work.PublishAsync(store);
        await Resolver([store]).ResolveAsync(Variant, CancellationToken.None);
        var cachedModule = Path.Join(_work.CacheDirectory, Variant.ContentKey, "kagent_sample.ko");
        var tampered = TestModules.Module(build: 666);
        File.WriteAllBytes(cachedModule, tampered);
        _log.Events.Clear();

        var result = await Resolver([store]).ResolveAsync(Variant, CancellationToken.None);

        Assert.Equal(ArtifactSource.Store, result.Source);
        Assert.Equal(published, result.Artifact.Modules[0].Bytes);
        var quarantined = Assert.Single(_work.QuarantinedFolders());
        Assert.StartsWith(Variant.ContentKey + "-", Path.GetFileName(quarantined), StringComparison.Ordinal);
        Assert.Equal(tampered, File.ReadAllBytes(Path.Join(quarantined, "kagent_sample.ko")));
        Assert.Equal(published, File.ReadAllBytes(cachedModule));
        var refused = Assert.Single(_log.Events, e => e.Id.Id == AgentEventIds.ArtifactRefused);
        Assert.Contains("artifact from cache", refused.Message, StringComparison.Ordinal);
        Assert.Contains("(digest mismatch)", refused.Message, StringComparison.Ordinal);
        Assert.Contains(quarantined, Assert.Single(_log.Events, e => e.Id.Id == AgentEventIds.ArtifactQuarantined).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_TamperedCacheAndNothingElse_IsRefusedAndStaysQuarantined()
    {
        var store = _work.Store("a");
        await _work.PublishAsync(store);
        await Resolver([store]).ResolveAsync(Variant, CancellationToken.None);
        File.WriteAllText(Path.Join(_work.CacheDirectory, Variant.ContentKey, ArtifactCache.AttestationFileName), "{}");

        var error = await Assert.ThrowsAsync<ResolutionException>(() => Resolver([]).ResolveAsync(Variant, CancellationToken.None));

        Assert.Equal(ResolutionFailure.Refused, error.Outcome);
        Assert.Contains("malformed envelope", error.Message, StringComparison.Ordinal);
        Assert.Single(_work.QuarantinedFolders());
        Assert.False(Directory.Exists(Path.Join(_work.CacheDirectory, Variant.ContentKey)));
    }

    [Fact]
    public async Task ResolveAsync_MirrorOnClosedPort_IsSkippedAndNextStoreAnswers()
    {
        var down = HttpStore($"http://127.0.0.1:{LoopbackPorts.Free()}/store/");
        var store = _work.Store("a");
        await _work.PublishAsync(store);

        var result = await Resolver([down, store]).ResolveAsync(Variant, CancellationToken.None);

        Assert.Equal(store.Location, result.Artifact.Store);
        var failed = Assert.Single(_log.Events, e => e.Id.Id == AgentEventIds.StoreUnavailable);
        Assert.Contains("store unreachable", failed.Message, StringComparison.Ordinal);
        Assert.Contains(down.Location.ToString(), failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_MirrorThatNeverAnswers_TimesOutAndNextStoreAnswers()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();  // the kernel completes the handshake; nobody ever answers the request
        var hanging = HttpStore($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/store/", TimeSpan.FromMilliseconds(500));
        var store = _work.Store("a");
        await _work.PublishAsync(store);
        var clock = Stopwatch.StartNew();

        var result = await Resolver([hanging, store]).ResolveAsync(Variant, CancellationToken.None);

        Assert.Equal(store.Location, result.Artifact.Store);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(10));
        Assert.Contains(_log.Events, e => e.Id.Id == AgentEventIds.StoreUnavailable && e.Message.Contains("request timeout 0.5 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResolveAsync_OnlyUnreachableStoresAndNoFarm_IsUnreachable()
    {
        var error = await Assert.ThrowsAsync<ResolutionException>(
            () => Resolver([HttpStore($"http://127.0.0.1:{LoopbackPorts.Free()}/")]).ResolveAsync(Variant, CancellationToken.None));

        Assert.Equal(ResolutionFailure.Unreachable, error.Outcome);
        Assert.IsType<StoreException>(error.InnerException);
    }

    [Fact]
    public async Task ResolveAsync_NoStoreHasItAndNoFarm_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<ResolutionException>(
            () => Resolver([_work.Store("a"), _work.Store("b")]).ResolveAsync(Variant, CancellationToken.None));

        Assert.Equal(ResolutionFailure.NotFound, error.Outcome);
        Assert.Contains("no farm is configured", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, _log.Events.Count(e => e.Id.Id == AgentEventIds.StoreMiss));
    }

    [Fact]
    public async Task ResolveAsync_StoresAnswerMissing_TellsTheMissListener()
    {
        await Assert.ThrowsAsync<ResolutionException>(() => Resolver([_work.Store("a")]).ResolveAsync(Variant, CancellationToken.None));

        Assert.Equal([Variant.Kernel], _misses.Pending());
    }

    [Fact]
    public async Task ResolveAsync_HitOrOnlyUnreachableStores_TellsNoMiss()
    {
        await _work.PublishAsync(_work.Store("b"));
        await Resolver([_work.Store("a"), _work.Store("b")]).ResolveAsync(Variant, CancellationToken.None);
        await Assert.ThrowsAsync<ResolutionException>(
            () => Resolver([HttpStore($"http://127.0.0.1:{LoopbackPorts.Free()}/")]).ResolveAsync(ArtifactVariant.Create(TestModules.Kernel, new DriverIdentity("other", "1.0.0")), CancellationToken.None));

        Assert.Empty(_misses.Pending());
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { nameof(Tamper.BadSignature), "bad signature" },
        { nameof(Tamper.UnknownKey), "unknown key id" },
        { nameof(Tamper.DigestMismatch), "digest mismatch" },
        { nameof(Tamper.VariantMismatch), "variant mismatch" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task ResolveAsync_RefusedArtifactAndNothingElse_IsRefusedWithReasonLoggedAndNothingCached(string tamper, string reason)
    {
        var store = _work.Store("a");
        await Publish(store, Enum.Parse<Tamper>(tamper));

        var error = await Assert.ThrowsAsync<ResolutionException>(() => Resolver([store]).ResolveAsync(Variant, CancellationToken.None));

        Assert.Equal(ResolutionFailure.Refused, error.Outcome);
        Assert.StartsWith($"refused ({reason})", error.Message, StringComparison.Ordinal);
        var refused = Assert.Single(_log.Events, e => e.Id.Id == AgentEventIds.ArtifactRefused);
        Assert.Contains($"artifact from {store.Location} for {Variant.ContentKey} refused ({reason})", refused.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Join(_work.CacheDirectory, Variant.ContentKey)));
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task ResolveAsync_RefusedInFirstStore_ReturnsValidArtifactOfNextStore(string tamper, string reason)
    {
        var (bad, good) = (_work.Store("bad"), _work.Store("good"));
        await Publish(bad, Enum.Parse<Tamper>(tamper));
        var valid = await _work.PublishAsync(good, module: TestModules.Module(build: 7));

        var result = await Resolver([bad, good]).ResolveAsync(Variant, CancellationToken.None);

        Assert.Equal(good.Location, result.Artifact.Store);
        Assert.Equal(valid, result.Artifact.Modules[0].Bytes);
        Assert.Contains(_log.Events, e => e.Id.Id == AgentEventIds.ArtifactRefused && e.Message.Contains($"({reason})", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResolveAsync_MissEverywhere_AsksFarmAndReturnsWhatItPublished()
    {
        var farmStore = _work.Store("farm");
        byte[]? built = null;
        var farm = new FakeFarmClient(async (variant, progress) =>
        {
            progress(new BuildEvent { BuildId = "b-42", Sequence = 1, State = BuildState.Compiling, Compiling = new() { Compiler = "gcc-12" } });
            built = await _work.PublishAsync(farmStore, variant);
            return new FarmBuildResult("b-42", new ArtifactRef { StoreUrl = farmStore.Location.ToString() }, AlreadyPublished: false);
        });

        var result = await Resolver([_work.Store("empty")], farm).ResolveAsync(Variant, CancellationToken.None);

        Assert.Equal(ArtifactSource.Farm, result.Source);
        Assert.Equal("b-42", result.BuildId);
        Assert.True(result.FarmBuilt);
        Assert.Equal(built, result.Artifact.Modules[0].Bytes);
        Assert.Equal((Variant, "test-host"), Assert.Single(farm.Requests));
        Assert.Equal(
            [AgentEventIds.StoreMiss, AgentEventIds.AskingFarm, AgentEventIds.BuildProgress],
            _log.Events.Select(e => e.Id.Id));
        Assert.Contains("build b-42 Compiling: compiling with gcc-12", _log.Events[^1].Message, StringComparison.Ordinal);
        Assert.Equal(ArtifactSource.Cache, (await Resolver([]).ResolveAsync(Variant, CancellationToken.None)).Source);
    }

    [Fact]
    public async Task ResolveAsync_FarmPublishedTamperedArtifact_IsRefusedAndNotCached()
    {
        var farmStore = _work.Store("farm");
        var farm = new FakeFarmClient(async (variant, _) =>
        {
            await _work.PublishAsync(farmStore, variant, key: OtherKey());
            return new FarmBuildResult("b-1", new ArtifactRef { StoreUrl = farmStore.Location.ToString() }, AlreadyPublished: true);
        });

        var error = await Assert.ThrowsAsync<ResolutionException>(() => Resolver([], farm).ResolveAsync(Variant, CancellationToken.None));

        Assert.Equal(ResolutionFailure.Refused, error.Outcome);
        Assert.IsType<AttestationVerificationException>(error.InnerException);
        Assert.False(Directory.Exists(Path.Join(_work.CacheDirectory, Variant.ContentKey)));
    }

    [Fact]
    public async Task Quarantine_CachedCopyRefusedLater_MovesItAsideAndLogsReason()
    {
        var store = _work.Store("a");
        await _work.PublishAsync(store);
        var resolver = Resolver([store]);
        await resolver.ResolveAsync(Variant, CancellationToken.None);

        var first = resolver.Quarantine(Variant, "vermagic mismatch");
        await resolver.ResolveAsync(Variant, CancellationToken.None);
        var second = resolver.Quarantine(Variant, "vermagic mismatch");

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.NotEqual(first, second);
        Assert.Equal(2, _work.QuarantinedFolders().Count);
        Assert.Null(resolver.Quarantine(Variant, "vermagic mismatch"));
        Assert.Contains(_log.Events, e => e.Id.Id == AgentEventIds.ArtifactQuarantined && e.Message.Contains("(vermagic mismatch)", StringComparison.Ordinal));
    }

    private enum Tamper
    {
        BadSignature,
        UnknownKey,
        DigestMismatch,
        VariantMismatch,
    }

    private async Task Publish(IArtifactStore store, Tamper tamper)
    {
        switch (tamper)
        {
            case Tamper.BadSignature:
                await _work.PublishAsync(store);
                ArtifactWorkspace.CorruptSignedPayload(store, Variant);
                break;
            case Tamper.UnknownKey:
                await _work.PublishAsync(store, key: OtherKey());
                break;
            case Tamper.DigestMismatch:
                var published = await _work.PublishAsync(store);
                ArtifactWorkspace.ReplaceModule(store, Variant, published, TestModules.Module(build: 99));
                break;
            case Tamper.VariantMismatch:
                // Validly signed, but for the neighbouring Debian build that shares this ABI name.
                var neighbour = ArtifactVariant.Create(
                    TestModules.Kernel with { KernelVersion = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.191-1 (2026-09-12)" }, TestModules.Driver);
                await _work.PublishAsync(store, attested: neighbour);
                break;
        }
    }

    private static SigningKey OtherKey() => SigningKey.Generate();

    private HostArtifactResolver Resolver(IReadOnlyList<IArtifactStore> stores, IFarmClient? farm = null) => new(
        new ArtifactCache(_work.CacheDirectory, _time),
        stores,
        farm ?? new FakeFarmClient(),
        url => ArtifactStoreFactory.Create(url),
        _work.TrustedKeys,
        "test-host",
        _misses,
        _log);

    private static IArtifactStore HttpStore(string url, TimeSpan? requestTimeout = null) =>
        ArtifactStoreFactory.Create(url, new ArtifactStoreOptions
        {
            Http = { ConnectTimeout = TimeSpan.FromSeconds(1), RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(2) },
        });

}
