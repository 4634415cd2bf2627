using KernelAgent.BuildFarm.Builds;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Backends;
using KernelAgent.Store.Layout;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Tests.Matrix.Apply;

/// <summary>
/// Stands in for the farm's coordinator: each requested variant "builds" a moment later (writing an object at its
/// attestation key, as a publish would, and naming the history key of the one a superseding rebuild replaces), or fails when its release is in <see cref="FailingReleases"/>. Records the
/// requests and how many builds were in flight at most.
/// </summary>
internal sealed class FakeCoordinator(IArtifactStore store) : IBuildCoordinator
{
    private readonly object _gate = new();
    private int _inFlight;

    public List<ArtifactVariant> Requested { get; } = [];

    public List<VariantBuildRequest> Requests { get; } = [];

    public HashSet<string> FailingReleases { get; } = [];

    public int MaxInFlight { get; private set; }

    public int QueueDepth => 0;

    public Task<KernelAgent.BuildFarm.Published.PublishedArtifact?> FindPublishedAsync(ArtifactVariant variant, CancellationToken cancellationToken) =>
        Task.FromResult<KernelAgent.BuildFarm.Published.PublishedArtifact?>(null);

    public Task<BuildRequestOutcome> StartOrJoinAsync(VariantBuildRequest request, CancellationToken cancellationToken)
    {
        var variant = request.Variant;
        var job = new BuildJob($"b-{Requested.Count}", request, TimeProvider.System);
        lock (_gate)
        {
            Requested.Add(variant);
            Requests.Add(request);
            MaxInFlight = Math.Max(MaxInFlight, ++_inFlight);
        }

        _ = Task.Run(() => FinishAsync(job, request), CancellationToken.None);
        return Task.FromResult(new BuildRequestOutcome(job, BuildRequestKind.Started));
    }

    public BuildJob? Find(string buildId) => null;

    private async Task FinishAsync(BuildJob job, VariantBuildRequest request)
    {
        var variant = request.Variant;
        await Task.Delay(20, CancellationToken.None);
        lock (_gate)
        {
            _inFlight--;
        }

        if (FailingReleases.Contains(variant.Kernel.KernelRelease))
        {
            job.Append(BuildState.Failed, e => e.Failed = new BuildFailure { Reason = FailureReason.CompileError, Message = "test failure" });
            return;
        }

        if (request.Supersede && await store.ExistsAsync(StoreLayout.AttestationKey(variant), CancellationToken.None))
        {
            var previous = await store.ReadAsync(StoreLayout.AttestationKey(variant), CancellationToken.None);
            job.SupersededAttestationKey = StoreLayout.AttestationHistoryKey(variant, Digests.Sha256Hex(previous));
        }

        await store.WriteAsync(StoreLayout.AttestationKey(variant), System.Text.Encoding.UTF8.GetBytes($"{{\"build\":\"{job.Id}\"}}"), WriteMode.Overwrite, CancellationToken.None);
        job.Append(BuildState.Succeeded, e => e.Succeeded = new BuildEvent.Types.Succeeded
        {
            Artifact = new ArtifactRef { AttestationKey = StoreLayout.AttestationKey(variant), VariantKey = variant.ContentKey },
        });
    }

    public IReadOnlyList<BuildJob> List() => [];

    public bool Cancel(string buildId, string reason) => false;
}
