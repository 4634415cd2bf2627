namespace KernelAgent.BuildFarm.ScaleOut;

/// <summary>
/// Scale-out on NATS JetStream (configuration section <c>Nats</c>). Unset <see cref="Url"/> (the default) keeps the
/// single box: builds run in the farm's own process and nothing talks to NATS. Set, <c>serve</c> is a stateless replica
/// and <c>worker</c> runs the builds (docs/scale-out.md).
/// </summary>
internal sealed class NatsOptions
{
    public const string Section = "Nats";

    /// <summary>Server URL, or several separated by commas (nats://host:4222). Default: none (no scale-out).</summary>
    public string? Url { get; set; }

    /// <summary>A NATS credentials file (.creds: user JWT and NKey seed). Default: none (no authentication).</summary>
    public string? CredentialsFile { get; set; }

    /// <summary>The work-queue stream build jobs wait in. Default KAGENT_JOBS.</summary>
    public string JobsStream { get; set; } = "KAGENT_JOBS";

    /// <summary>The stream every build's events are kept in, one subject per build. Default KAGENT_EVENTS.</summary>
    public string EventsStream { get; set; } = "KAGENT_EVENTS";

    /// <summary>The key-value bucket of builds in flight and remembered failures, by variant key. Default kagent-builds.</summary>
    public string BuildsBucket { get; set; } = "kagent-builds";

    /// <summary>First tokens of every subject: jobs on PREFIX.jobs, a build's events on PREFIX.events.BUILD-ID. Default kagent.</summary>
    public string SubjectPrefix { get; set; } = "kagent";

    /// <summary>The workers' durable consumer on the jobs stream. Default workers.</summary>
    public string WorkersConsumer { get; set; } = "workers";

    /// <summary>
    /// How long a job may go without its worker's ack (a building worker acks progress every third of it) before
    /// JetStream hands it to another worker. Default 30 seconds.
    /// </summary>
    public TimeSpan AckWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries a job gets (a worker lost mid-build costs one); the worker that sees one more ends the build FAILED. Default 3.</summary>
    public int MaxDeliver { get; set; } = 3;

    /// <summary>How long build events are kept, and so how far back a replica (re)started now knows builds. Default 1 day.</summary>
    public TimeSpan EventRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Copies JetStream keeps of the streams and the bucket: 1 on one server, 3 on a 3-node cluster (a node lost loses nothing). Default 1.</summary>
    public int Replicas { get; set; } = 1;

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    public string JobsSubject => SubjectPrefix + ".jobs";

    public string EventsSubject(string buildId) => SubjectPrefix + ".events." + buildId;
}
