using KernelAgent.Protocol.V1;

namespace KernelAgent.BuildFarm.ScaleOut;

/// <summary>
/// What the scale-out needs from NATS JetStream, and no more: the builds bucket (create-only claims), the jobs work
/// queue and the events stream. Every SDK failure comes out as <see cref="ScaleOutException"/>.
/// </summary>
internal interface IBuildBus
{
    /// <summary>Creates (or updates) the streams, the workers' consumer and the bucket; safe from every process at once.</summary>
    Task EnsureAsync(CancellationToken cancellationToken);

    /// <summary>Claims the variant for a build if nobody holds it (create-only); else the holder's claim and its revision.</summary>
    Task<(bool Created, BuildClaim? Holder, ulong Revision)> ClaimAsync(string variantKey, BuildClaim claim, CancellationToken cancellationToken);

    /// <summary>The variant's claim and its revision, or null when none is held.</summary>
    Task<(BuildClaim Claim, ulong Revision)?> FindClaimAsync(string variantKey, CancellationToken cancellationToken);

    /// <summary>Replaces the build's claim (a failure to remember) while it is still that build's; false when it is not.</summary>
    Task<bool> RememberFailureAsync(string variantKey, BuildClaim failed, CancellationToken cancellationToken);

    /// <summary>Lets go of the variant when the build still holds it (or only at <paramref name="revision"/>, when given).</summary>
    Task ReleaseAsync(string variantKey, string buildId, ulong? revision, CancellationToken cancellationToken);

    /// <summary>Puts a job on the work queue.</summary>
    /// <exception cref="Builds.BuildQueueFullException">The queue is at its limit.</exception>
    Task EnqueueAsync(BuildJobMessage job, CancellationToken cancellationToken);

    /// <summary>Records one event of a build on its subject, with the job it belongs to.</summary>
    Task PublishAsync(BuildEvent buildEvent, BuildJobMessage job, CancellationToken cancellationToken);

    /// <summary>Every recorded event from the oldest kept, then each new one, with its job (null when the header is missing or malformed).</summary>
    IAsyncEnumerable<(BuildEvent? Event, string? Job)> EventsAsync(CancellationToken cancellationToken);

    /// <summary>The next job for this worker, or null when none came within the poll.</summary>
    Task<IBusJob?> NextJobAsync(CancellationToken cancellationToken);
}

/// <summary>One delivery of a job to a worker.</summary>
internal interface IBusJob
{
    string? Text { get; }

    /// <summary>1 for the first delivery; more after workers were lost.</summary>
    ulong Deliveries { get; }

    /// <summary>Tells JetStream the worker is still at it (resets AckWait).</summary>
    Task InProgressAsync(CancellationToken cancellationToken);

    /// <summary>Done: the job leaves the queue.</summary>
    Task AckAsync(CancellationToken cancellationToken);

    /// <summary>Handed back for another worker now (this one stops).</summary>
    Task NakAsync(CancellationToken cancellationToken);
}
