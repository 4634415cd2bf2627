using System.Runtime.CompilerServices;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Builds;

/// <summary>
/// One build and its append-only event log. Any number of streams follow it: each replays the log from
/// where it is and then waits for new events until a terminal state is reached. An event is one broadcast: the
/// log is published as an immutable view that every watcher reads without a lock, and one completed task wakes them
/// all, so ten thousand watchers of a herd cost the appending build nothing per watcher.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token source has no timer; it holds nothing to release and lives as long as the job.")]
internal sealed class BuildJob
{
    // A herd's thousands of streams write the same events: each is serialized once, when appended, and the wire's
    // marshaller (Api.ParseFailureBinder) sends these bytes. Weak keys: the bytes go with the event.
    private static readonly ConditionalWeakTable<BuildEvent, byte[]> s_serialized = [];

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _cancellation = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private BuildEvent[] _events = new BuildEvent[16];

    // Written under the lock, read without it: slots below Count are never written again, so a view stays valid.
    private volatile EventLog _log;
    private int _requesters = 1;

    internal BuildJob(string id, ArtifactVariant variant, string requestedBy, TimeProvider time)
        : this(id, VariantBuildRequest.OnDemand(variant, requestedBy), time)
    {
    }

    // Created: when the build was first asked for; default now (a build relayed from another process keeps its own).
    internal BuildJob(string id, VariantBuildRequest request, TimeProvider time, DateTimeOffset? created = null)
    {
        Id = id;
        Request = request;
        Variant = request.Variant;
        RequestedBy = request.RequestedBy;
        _time = time;
        Created = created ?? time.GetUtcNow();
        _log = new EventLog(_events, 0, false, _changed.Task);
    }

    public string Id { get; }

    public ArtifactVariant Variant { get; }

    public string RequestedBy { get; }

    /// <summary>The request that started this build (whether it supersedes, and for which build key).</summary>
    public VariantBuildRequest Request { get; }

    /// <summary>History key of the attestation this build replaced; set before the build succeeds, null when it replaced none.</summary>
    public string? SupersededAttestationKey { get; internal set; }

    /// <summary>The matrix build key recorded in the published attestation when this rebuild was queued, when it recorded one.</summary>
    public string? SupersededBuildKey { get; internal set; }

    public DateTimeOffset Created { get; }

    public DateTimeOffset? Started { get; private set; }

    public DateTimeOffset? Finished { get; private set; }

    public BuildState State { get; private set; } = BuildState.Queued;

    public ArtifactRef? Artifact { get; private set; }

    public BuildFailure? Failure { get; private set; }

    /// <summary>The variant's fields the kernel's headers contradict, when the build failed as INVALID_VARIANT; else empty.</summary>
    public IReadOnlyList<KernelFieldProblem> InvalidFields { get; internal set; } = [];

    /// <summary>The builds of the drivers its dkms.conf's BUILD_DEPENDS names (same kernel), queued before it; it starts after they succeed.</summary>
    internal IReadOnlyList<BuildJob> Dependencies { get; init; } = [];

    public bool IsTerminal => State is BuildState.Succeeded or BuildState.Failed or BuildState.Cancelled;

    public int Requesters => Volatile.Read(ref _requesters);

    /// <summary>The newest event, or null before the first.</summary>
    internal BuildEvent? LastEvent
    {
        get
        {
            var log = _log;
            return log.Count > 0 ? log.Events[log.Count - 1] : null;
        }
    }

    /// <summary>Cancelled by CancelBuild or shutdown; the worker running the build observes it.</summary>
    internal CancellationToken CancellationToken => _cancellation.Token;

    internal void AddRequester() => Interlocked.Increment(ref _requesters);

    internal void MarkStarted() => Started = _time.GetUtcNow();

    /// <summary>Appends an event; the state changes with it. Events after a terminal state are dropped.</summary>
    internal void Append(BuildState state, Action<BuildEvent> detail)
    {
        lock (_gate)
        {
            if (IsTerminal)
            {
                return;
            }

            var e = new BuildEvent
            {
                BuildId = Id,
                Sequence = _log.Count + 1,
                Time = Timestamp.FromDateTimeOffset(_time.GetUtcNow()),
                State = state,
                VariantKey = Variant.ContentKey,
            };
            detail(e);
            Take(e, _time.GetUtcNow());
            Publish(e);
        }
    }

    /// <summary>The job's state, artifact, failure and end follow the event. Under the lock.</summary>
    private void Take(BuildEvent e, DateTimeOffset at)
    {
        State = e.State;
        if (e.DetailCase == BuildEvent.DetailOneofCase.Succeeded)
        {
            Artifact = e.Succeeded.Artifact;
        }
        else if (e.DetailCase == BuildEvent.DetailOneofCase.Failed)
        {
            Failure = e.Failed;
        }

        if (IsTerminal)
        {
            Finished = at;
        }
    }

    /// <summary>Adds the event to the log, publishes the new view and wakes every watcher at once. Under the lock.</summary>
    private void Publish(BuildEvent e)
    {
        var count = _log.Count;
        if (count == _events.Length)
        {
            // Views handed out keep the old array, whose first Count slots stay as they are.
            Array.Resize(ref _events, count * 2);
        }

        _events[count] = e;
        s_serialized.AddOrUpdate(e, e.ToByteArray());
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _log = new EventLog(_events, count + 1, IsTerminal, _changed.Task);
        changed.SetResult();
    }

    /// <summary>Makes a fresh job the finished one it stands for: its terminal event, as that job streamed it, is its only event.</summary>
    internal void Replay(BuildEvent terminal)
    {
        lock (_gate)
        {
            State = terminal.State;
            Failure = terminal.DetailCase == BuildEvent.DetailOneofCase.Failed ? terminal.Failed : null;
            Finished = terminal.Time?.ToDateTimeOffset();
            Publish(terminal);
        }
    }

    /// <summary>
    /// Adds an event another process recorded (a worker's build, relayed from the events stream), numbered in this log's
    /// order so that every replica that relays the same stream numbers it alike. A Queued event after others (the
    /// replica's, behind a fast worker's) and anything after the end are dropped.
    /// </summary>
    internal void Mirror(BuildEvent recorded)
    {
        lock (_gate)
        {
            if (IsTerminal || (recorded.DetailCase == BuildEvent.DetailOneofCase.Queued && _log.Count > 0))
            {
                return;
            }

            var e = recorded.Clone();
            e.Sequence = _log.Count + 1;
            var at = e.Time?.ToDateTimeOffset() ?? _time.GetUtcNow();
            if (e.State != BuildState.Queued && Started is null)
            {
                Started = at;
            }

            Take(e, at);
            Publish(e);
        }
    }

    internal void RequestCancel(string reason)
    {
        // The event first: cancelling runs the worker's continuation inline, which would end the job with its
        // own generic reason before the requester's.
        Append(BuildState.Cancelled, e => e.Cancelled = new BuildEvent.Types.Cancelled { Reason = reason });
        _cancellation.Cancel();
    }

    /// <summary>The events after <paramref name="afterSequence"/>, then every new one until the build ends.</summary>
    public async IAsyncEnumerable<BuildEvent> WatchAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var batch in WatchBatchesAsync(afterSequence, cancellationToken))
        {
            foreach (var e in batch)
            {
                yield return e;
            }
        }
    }

    /// <summary>
    /// As <see cref="WatchAsync"/>, in batches: every event appended since the watcher last looked, as a slice of the
    /// shared log (nothing copied), so a watcher that fell behind catches up with one wake-up and one flush.
    /// </summary>
    internal async IAsyncEnumerable<ArraySegment<BuildEvent>> WatchBatchesAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = (int)Math.Min(Math.Max(0, afterSequence), int.MaxValue);
        while (true)
        {
            var log = _log;
            if (next < log.Count)
            {
                yield return new ArraySegment<BuildEvent>(log.Events, next, log.Count - next);
                next = log.Count;
            }

            if (log.Terminal)
            {
                yield break;
            }

            await log.Changed.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The event's bytes on the wire when it is one of a log's (serialized once for every watcher), else null.</summary>
    internal static byte[]? Serialized(BuildEvent e) => s_serialized.TryGetValue(e, out var bytes) ? bytes : null;

    /// <summary>A snapshot for GetBuild and ListBuilds.</summary>
    public BuildInfo ToInfo()
    {
        lock (_gate)
        {
            var info = new BuildInfo
            {
                BuildId = Id,
                Variant = ProtocolMapping.ToProto(Variant.Kernel),
                Driver = ProtocolMapping.ToProto(Variant.Driver),
                VariantKey = Variant.ContentKey,
                State = State,
                Created = Timestamp.FromDateTimeOffset(Created),
                Requesters = Requesters,
                RequestedBy = RequestedBy,
            };
            if (Started is { } started)
            {
                info.Started = Timestamp.FromDateTimeOffset(started);
            }

            if (Finished is { } finished)
            {
                info.Finished = Timestamp.FromDateTimeOffset(finished);
            }

            if (Artifact is not null)
            {
                info.Artifact = Artifact;
            }

            if (Failure is not null)
            {
                info.Failure = Failure;
            }

            return info;
        }
    }

    /// <summary>An immutable view of the log: the first <paramref name="Count"/> events, whether the last ends the build, and the task the next event completes.</summary>
    private sealed record EventLog(BuildEvent[] Events, int Count, bool Terminal, Task Changed);
}
