using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Builds;

/// <summary>
/// Decides, for each Build request, whether to answer from the store, from the memory of a recent
/// failure, by joining the build in flight, or by queueing a new one: many requests, one build.
/// </summary>
internal interface IBuildCoordinator
{
    /// <summary>The job an on-demand request follows. Never builds what is already published.</summary>
    /// <exception cref="Drivers.DriverNotRegisteredException">The farm has no such driver.</exception>
    /// <exception cref="BuildQueueFullException">The queue is full.</exception>
    /// <exception cref="OperationCanceledException">The farm is stopping.</exception>
    Task<BuildRequestOutcome> StartOrJoinAsync(ArtifactVariant variant, string requestedBy, CancellationToken cancellationToken) =>
        StartOrJoinAsync(VariantBuildRequest.OnDemand(variant, requestedBy), cancellationToken);

    /// <summary>
    /// The job a request follows. Single-flight by variant: one build of a variant at a time. A superseding rebuild
    /// joins only a rebuild for the same build key; behind any other build of the variant it waits for that build
    /// to end, then decides. It is answered from the store only when the published attestation records its build key.
    /// A variant this farm cannot build is answered <see cref="BuildRequestKind.Refused"/>.
    /// </summary>
    /// <exception cref="Drivers.DriverNotRegisteredException">The farm has no such driver.</exception>
    /// <exception cref="BuildQueueFullException">The queue is full.</exception>
    /// <exception cref="OperationCanceledException">The farm is stopping.</exception>
    Task<BuildRequestOutcome> StartOrJoinAsync(VariantBuildRequest request, CancellationToken cancellationToken);

    /// <summary>The variant's published artifact, verified (once, then answered from memory while the store's objects are unchanged); null when none is or it is refused.</summary>
    /// <exception cref="Drivers.DriverNotRegisteredException">The farm has no such driver.</exception>
    /// <exception cref="KernelAgent.Store.Backends.StoreException">The store failed.</exception>
    Task<Published.PublishedArtifact?> FindPublishedAsync(ArtifactVariant variant, CancellationToken cancellationToken);

    BuildJob? Find(string buildId);

    /// <summary>Known builds, newest first.</summary>
    IReadOnlyList<BuildJob> List();

    /// <summary>Builds waiting for a worker.</summary>
    int QueueDepth { get; }

    /// <summary>Cancels a build; false when it does not exist.</summary>
    bool Cancel(string buildId, string reason);
}

/// <summary>How a Build request was answered.</summary>
internal enum BuildRequestKind
{
    /// <summary>A new build was queued for this request.</summary>
    Started,

    /// <summary>The request joined a build already queued or running.</summary>
    Joined,

    /// <summary>The artifact is already published; the job is a completed hit.</summary>
    AlreadyPublished,

    /// <summary>The variant failed recently; the job is that failure, remembered.</summary>
    RememberedFailure,

    /// <summary>
    /// The variant cannot be built here (no header source serves its distribution, or its kernel fields name no exact
    /// build); the job is that refusal, failed (UNSUPPORTED_DISTRO or INVALID_VARIANT with its fields), and never queued.
    /// </summary>
    Refused,
}

/// <summary>The job to follow and how the request was answered.</summary>
internal sealed record BuildRequestOutcome(BuildJob Job, BuildRequestKind Kind);
