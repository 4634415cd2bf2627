using KernelAgent.BuildFarm.Builds;
using KernelAgent.BuildFarm.Signing;
using KernelAgent.BuildFarm.Tests.Hosting;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Tests.Builds;

/// <summary>Superseding rebuilds through the real coordinator: when they build, when they are answered, whom they join.</summary>
public sealed class SupersedeTests
{
    private static readonly string OldKey = new('1', 64);
    private static readonly string NewKey = new('2', 64);

    private static ArtifactVariant Variant { get; } = ArtifactVariant.Create(
        new KernelIdentity("debian", "12", "x86_64", "6.1.0-56-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)"),
        new DriverIdentity(TestVariants.DriverName, TestVariants.DriverVersion));

    [Fact(Timeout = 60_000)]
    public async Task StartOrJoinAsync_RebuildOfAVariantPublishedForAnotherBuildKey_BuildsAgainAndSupersedesIt()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync();
        var coordinator = farm.Service<IBuildCoordinator>();
        await EndAsync(await coordinator.StartOrJoinAsync(Rebuild(OldKey), token), token);
        var before = await ResolveAsync(farm, token);

        var outcome = await coordinator.StartOrJoinAsync(Rebuild(NewKey), token);
        await EndAsync(outcome, token);
        var after = await ResolveAsync(farm, token);

        Assert.Equal(BuildRequestKind.Started, outcome.Kind);
        Assert.Equal(BuildState.Succeeded, outcome.Job.State);
        Assert.False(outcome.Job.ToInfo().Artifact is null);
        Assert.Equal(2, farm.Service<FakeModuleBuilder>().Builds);
        Assert.Equal(NewKey, after.Attestation.BuildKey);
        Assert.Equal(OldKey, outcome.Job.SupersededBuildKey);
        Assert.Equal(before.Envelope, await farm.Service<IArtifactStore>().ReadAsync(outcome.Job.SupersededAttestationKey!, token));
        Assert.Equal(after.Attestation.EnvelopeSha256, outcome.Job.Artifact!.AttestationDigest["sha256:".Length..]);
    }

    [Fact(Timeout = 60_000)]
    public async Task StartOrJoinAsync_RebuildForTheBuildKeyAlreadyPublished_IsAnsweredFromTheStore()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync();
        var coordinator = farm.Service<IBuildCoordinator>();
        var first = await coordinator.StartOrJoinAsync(Rebuild(NewKey), token);
        await EndAsync(first, token);

        var again = await coordinator.StartOrJoinAsync(Rebuild(NewKey), token);

        Assert.Equal(BuildRequestKind.AlreadyPublished, again.Kind);
        Assert.Equal(BuildState.Succeeded, again.Job.State);
        Assert.Equal(1, farm.Service<FakeModuleBuilder>().Builds);
    }

    [Fact(Timeout = 60_000)]
    public async Task StartOrJoinAsync_OnDemandForAPublishedVariant_NeverRebuildsAndSeesTheSupersedingAttestation()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync();
        var coordinator = farm.Service<IBuildCoordinator>();
        await EndAsync(await coordinator.StartOrJoinAsync(Variant, "host-1", token), token);
        await EndAsync(await coordinator.StartOrJoinAsync(Rebuild(NewKey), token), token);

        var onDemand = await coordinator.StartOrJoinAsync(Variant, "host-2", token);

        // The rebuild may still be leaving the in-flight table: then the request takes its (ended) answer.
        Assert.Contains(onDemand.Kind, new[] { BuildRequestKind.AlreadyPublished, BuildRequestKind.Joined });
        Assert.True(onDemand.Job.IsTerminal);
        Assert.Equal(2, farm.Service<FakeModuleBuilder>().Builds);
        Assert.Equal(NewKey, (await ResolveAsync(farm, token)).Attestation.BuildKey);
        Assert.Equal((await ResolveAsync(farm, token)).Attestation.EnvelopeSha256, onDemand.Job.Artifact!.AttestationDigest["sha256:".Length..]);
    }

    [Fact(Timeout = 60_000)]
    public async Task StartOrJoinAsync_OnDemandAndSameKeyRebuildWhileARebuildRuns_JoinTheOneBuild()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync();
        var coordinator = farm.Service<IBuildCoordinator>();
        var builder = farm.Service<FakeModuleBuilder>();
        await EndAsync(await coordinator.StartOrJoinAsync(Variant, "host-1", token), token);
        builder.Hold();

        var rebuild = await coordinator.StartOrJoinAsync(Rebuild(NewKey), token);
        await builder.NextStartedAsync(token);
        var second = await coordinator.StartOrJoinAsync(Rebuild(NewKey), token);
        var onDemand = await coordinator.StartOrJoinAsync(Variant, "host-2", token);
        builder.Release();
        await EndAsync(rebuild, token);

        Assert.Equal((BuildRequestKind.Joined, BuildRequestKind.Joined), (second.Kind, onDemand.Kind));
        Assert.Same(rebuild.Job, second.Job);
        Assert.Same(rebuild.Job, onDemand.Job);
        Assert.Equal(2, builder.Builds);
    }

    [Fact(Timeout = 60_000)]
    public async Task StartOrJoinAsync_RebuildWhileAnOnDemandBuildRuns_WaitsForItThenSupersedesWhatItPublished()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await FakeBuilderFarm.StartAsync();
        var coordinator = farm.Service<IBuildCoordinator>();
        var builder = farm.Service<FakeModuleBuilder>();
        builder.Hold();
        var onDemand = await coordinator.StartOrJoinAsync(Variant, "host-1", token);
        await builder.NextStartedAsync(token);

        var rebuild = coordinator.StartOrJoinAsync(Rebuild(NewKey), token);
        var waitedBehind = !rebuild.IsCompleted;
        builder.Release();
        var outcome = await rebuild;
        await EndAsync(outcome, token);

        Assert.True(waitedBehind, "the rebuild was answered while another build of the variant ran");
        Assert.Equal(BuildState.Succeeded, onDemand.Job.State);
        Assert.Equal(BuildRequestKind.Started, outcome.Kind);
        Assert.NotSame(onDemand.Job, outcome.Job);
        Assert.NotNull(outcome.Job.SupersededAttestationKey);
        Assert.Null(outcome.Job.SupersededBuildKey);
        Assert.Equal(NewKey, (await ResolveAsync(farm, token)).Attestation.BuildKey);
    }

    private static VariantBuildRequest Rebuild(string buildKey) => VariantBuildRequest.Rebuild(Variant, "matrix apply (test)", buildKey);

    private static async Task EndAsync(BuildRequestOutcome outcome, CancellationToken cancellationToken)
    {
        await foreach (var _ in outcome.Job.WatchAsync(0, cancellationToken))
        {
            // Only the end matters.
        }
    }

    private static async Task<ResolvedArtifact> ResolveAsync(InProcessFarm farm, CancellationToken cancellationToken) =>
        await ArtifactResolver.ResolveAsync(farm.Service<IArtifactStore>(), Variant, farm.Service<IAttestationSigning>().TrustedKeys, cancellationToken)
        ?? throw new InvalidOperationException("the variant is not published");
}
