using KernelAgent.BuildFarm.Signing;
using KernelAgent.BuildFarm.Tests.Builds;
using KernelAgent.BuildFarm.Tests.Hosting;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Tests.Api;

/// <summary>
/// Issue 11 item 1: a malformed attestation in the farm's store is an invalid artifact, not a hit and never UNKNOWN,
/// and the next build replaces it, keeping the refused one under history/.
/// </summary>
public sealed class MalformedAttestationTests
{
    public static TheoryData<string> Malformed =>
    [
        "{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\"e30=\",\"signatures\":[null]}",
        "{\"payloadType\":null,\"payload\":5,\"signatures\":{}}",
        "null",
        "not json",
    ];

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Malformed))]
    public async Task ResolveThenBuild_MalformedPublishedAttestation_IsAMissThenReplacedKeepingTheBadOneInHistory(string attestation)
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync();
        var store = farm.Service<IArtifactStore>();
        var variant = ArtifactVariant.Create(ProtocolMapping.FromProto(TestVariants.Debian()), ProtocolMapping.FromProto(TestVariants.Sample));
        var bad = System.Text.Encoding.UTF8.GetBytes(attestation);
        await store.WriteAsync(StoreLayout.AttestationKey(variant), bad, WriteMode.Overwrite, token);

        var resolved = await farm.Client.ResolveAsync(TestVariants.Resolve(), cancellationToken: token);
        var build = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);

        Assert.False(resolved.Found);
        Assert.Null(build.Error);
        Assert.Equal(BuildState.Succeeded, build.Events[^1].State);
        Assert.False(build.Events[^1].Succeeded.AlreadyPublished);
        Assert.Equal(1, farm.Service<FakeModuleBuilder>().Builds);
        var now = await ArtifactResolver.ResolveAsync(store, variant, farm.Service<IAttestationSigning>().TrustedKeys, token);
        Assert.NotNull(now);
        Assert.Equal(bad, await store.ReadAsync(StoreLayout.AttestationHistoryKey(variant, Digests.Sha256Hex(bad)), token));
        Assert.True((await farm.Client.ResolveAsync(TestVariants.Resolve(), cancellationToken: token)).Found);
    }

    // Issue 11 item 10, the farm's own store reads: bounded by Farm:StoreLimits, refused with the limit named, never read whole.
    [Fact(Timeout = 60_000)]
    public async Task Resolve_PublishedAttestationOverTheFarmsLimit_IsUnavailableNamingTheLimit()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync(new Dictionary<string, string?> { ["Farm:StoreLimits:MaxAttestationBytes"] = "2048" });
        var store = farm.Service<IArtifactStore>();
        var variant = ArtifactVariant.Create(ProtocolMapping.FromProto(TestVariants.Debian()), ProtocolMapping.FromProto(TestVariants.Sample));
        await store.WriteAsync(StoreLayout.AttestationKey(variant), new byte[4096], WriteMode.Overwrite, token);

        var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => farm.Client.ResolveAsync(TestVariants.Resolve(), cancellationToken: token).ResponseAsync);

        Assert.Equal(2048, store.Limits.MaxAttestationBytes);
        Assert.Equal(Grpc.Core.StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("at most 2048 bytes are allowed", error.Status.Detail, StringComparison.Ordinal);
    }
}
