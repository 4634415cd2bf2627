using KernelAgent.BuildFarm.Published;
using KernelAgent.BuildFarm.Tests.Builds;
using KernelAgent.BuildFarm.Tests.Hosting;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Tests.Published;

/// <summary>
/// Issue 15: a published artifact is verified once and answered from memory while the store's objects are the versions
/// verified; an object replaced or altered afterwards is verified again (and refused when it no longer verifies), and
/// what is kept stays within Published:VerifiedLimit.
/// </summary>
public sealed class PublishedArtifactsTests
{
    [Fact(Timeout = 60_000)]
    public async Task Resolve_StoreUnchanged_ReadsTheStoreOnlyWhenFirstVerified()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await InProcessFarm.StartAsync(services =>
        {
            FakeModuleBuilder.Install(services);
            CountingArtifactStore.Install(services);
        });
        await BuildAsync(farm, TestVariants.Debian(), token);
        var store = farm.Service<CountingArtifactStore>();

        Assert.True((await farm.Client.ResolveAsync(TestVariants.Resolve(), cancellationToken: token)).Found);
        var afterFirst = store.Reads;
        for (var i = 0; i < 20; i++)
        {
            Assert.True((await farm.Client.ResolveAsync(TestVariants.Resolve(), cancellationToken: token)).Found);
        }

        Assert.True(afterFirst > 0);
        Assert.Equal(afterFirst, store.Reads);
    }

    [Fact(Timeout = 60_000)]
    public async Task Resolve_ModuleAlteredAfterVerified_IsVerifiedAgainAndRefused()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync();
        var artifact = await BuildAsync(farm, TestVariants.Debian(), token);
        Assert.True((await farm.Client.ResolveAsync(TestVariants.Resolve(), cancellationToken: token)).Found);

        // Same size, other bytes: only the object's version tells that it changed.
        var module = Path.Join(farm.StateDirectory, "store", artifact.ModuleKey);
        var bytes = await File.ReadAllBytesAsync(module, token);
        bytes[^1] ^= 0xff;
        await File.WriteAllBytesAsync(module, bytes, token);

        Assert.False((await farm.Client.ResolveAsync(TestVariants.Resolve(), cancellationToken: token)).Found);
    }

    [Fact(Timeout = 60_000)]
    public async Task ResolveThenBuild_AttestationReplacedByAMalformedOneAfterVerified_IsAMissThenReplaced()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync();
        var artifact = await BuildAsync(farm, TestVariants.Debian(), token);
        Assert.True((await farm.Client.ResolveAsync(TestVariants.Resolve(), cancellationToken: token)).Found);

        await File.WriteAllTextAsync(Path.Join(farm.StateDirectory, "store", artifact.AttestationKey), "not json", token);
        var miss = await farm.Client.ResolveAsync(TestVariants.Resolve(), cancellationToken: token);
        var rebuilt = await BuildAsync(farm, TestVariants.Debian(), token);
        var again = await farm.Client.ResolveAsync(TestVariants.Resolve(), cancellationToken: token);

        Assert.False(miss.Found);
        Assert.Equal(2, farm.Service<FakeModuleBuilder>().Builds);
        Assert.True(again.Found);
        Assert.Equal(rebuilt.AttestationDigest, again.Artifact.AttestationDigest);
    }

    [Fact(Timeout = 120_000)]
    public async Task FindAsync_MoreArtifactsThanTheLimit_KeepsAtMostTheLimitAndStillAnswersEach()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync(new Dictionary<string, string?> { ["Published:VerifiedLimit"] = "2" });
        var builds = Enumerable.Range(2, 5).ToList();
        foreach (var build in builds)
        {
            await BuildAsync(farm, TestVariants.Debian(build), token);
        }

        var published = (PublishedArtifacts)farm.Service<IPublishedArtifacts>();
        foreach (var build in builds.Concat(builds))
        {
            var variant = ArtifactVariant.Create(ProtocolMapping.FromProto(TestVariants.Debian(build)), ProtocolMapping.FromProto(TestVariants.Sample));
            Assert.NotNull(await published.FindAsync(variant, token));
            Assert.InRange(published.VerifiedCount, 0, 2);
        }
    }

    [Fact]
    public void Options_VerifiedLimitOutOfRange_IsRefusedAtStart()
    {
        var error = Assert.ThrowsAny<Exception>(() =>
            FakeBuilderFarm.StartAsync(new Dictionary<string, string?> { ["Published:VerifiedLimit"] = "-1" }).GetAwaiter().GetResult());

        Assert.Contains("VerifiedLimit", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<ArtifactRef> BuildAsync(InProcessFarm farm, KernelVariant variant, CancellationToken token)
    {
        var stream = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(variant), cancellationToken: token), token);
        Assert.Null(stream.Error);
        Assert.Equal(BuildState.Succeeded, stream.Events[^1].State);
        return stream.Events[^1].Succeeded.Artifact;
    }
}
