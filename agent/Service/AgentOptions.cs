namespace KernelAgent.Agent.Service;

/// <summary>
/// The agent's configuration (section <c>Agent</c> of <c>/etc/kernel-agent/agent.json</c>, overridable with
/// <c>KERNEL_AGENT_Agent__Name=value</c> environment variables). Validated at start, every error at once.
/// </summary>
internal sealed class AgentOptions
{
    public const string Section = "Agent";

    /// <summary>Where the host's / is mounted. Default "/"; in a container, e.g. "/host".</summary>
    public string HostRoot { get; set; } = "/";

    /// <summary>Module name of the driver to load, e.g. <c>kagent_sample</c>. Required.</summary>
    public string DriverName { get; set; } = string.Empty;

    /// <summary>Exact driver version. Required.</summary>
    public string DriverVersion { get; set; } = string.Empty;

    /// <summary>Store URLs tried in order (file:///..., s3://bucket/prefix, https://mirror/...). Default none.</summary>
    public IList<string> Stores { get; init; } = [];

    /// <summary>Folder of trusted Ed25519 public keys. Default /etc/kernel-agent/trusted-keys.</summary>
    public string TrustedKeysDirectory { get; set; } = "/etc/kernel-agent/trusted-keys";

    /// <summary>
    /// Key IDs (full lower-case hex, as <c>kernel-buildfarm keys generate</c> prints them) never to accept, though their
    /// public key may still be in <see cref="TrustedKeysDirectory"/>. Merged with the revocations of the stores' signed
    /// trust policy (docs/security.md). Default none.
    /// </summary>
    public IList<string> RevokedKeys { get; init; } = [];

    /// <summary>
    /// Per driver name, the lowest version this host may load (rollback protection; versions compare as dpkg compares
    /// them). Merged with the stores' signed trust policy: the higher floor wins. Default none.
    /// </summary>
    public IDictionary<string, string> MinimumVersions { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Verified artifacts kept for the next start. Default /var/cache/kernel-agent.</summary>
    public string CacheDirectory { get; set; } = "/var/cache/kernel-agent";

    /// <summary>What is loaded, from which artifact, since when. Default /var/lib/kernel-agent.</summary>
    public string StateDirectory { get; set; } = "/var/lib/kernel-agent";

    /// <summary>Module parameters passed to finit_module, e.g. { "greeting": "hello" }. Default none.</summary>
    public IDictionary<string, string> ModuleParameters { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Install the verified module under lib/modules/&lt;release&gt;/extra and run depmod. Default true.</summary>
    public bool Install { get; set; } = true;

    /// <summary>
    /// Load the verified module. Default true. False stops after verify and install (modprobe or the next boot loads
    /// it); <c>once --no-load</c> is the same for one pass.
    /// </summary>
    public bool Load { get; set; } = true;

    /// <summary>Unload the module when the service stops. Default false: the driver outlives agent restarts.</summary>
    public bool UnloadOnStop { get; set; }

    /// <summary>Resolve and cache modules for installed kernels that are not running yet. Default true.</summary>
    public bool PrefetchInstalledKernels { get; set; } = true;

    /// <summary>
    /// <c>kernel-agent run</c> reports READY=1 to systemd at the latest this long after it started, with or without the
    /// module, so a host finishes booting whatever the network does; until the module arrives STATUS= says what the agent
    /// is still waiting for, and it keeps trying in the background. Default 20 s; at most 60 s (systemd's default start
    /// timeout is 90 s). Units that need the module order after <c>kernel-agent-module.target</c>.
    /// </summary>
    public TimeSpan StartBudget { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>While in a failure state, how often the service tries again. Default 5 minutes.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Temp files a killed agent left (in the cache, state and installed modules' folders) are removed before a pass
    /// once they were last written this long ago. Default 1 hour.
    /// </summary>
    public TimeSpan LeftoverGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Store connect timeout. Default 10 s.</summary>
    public TimeSpan StoreConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Store request timeout (whole object). Default 60 s.</summary>
    public TimeSpan StoreRequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Largest attestation (<c>MaxAttestationBytes</c>, default 1 MiB) and module (<c>MaxModuleBytes</c>, default
    /// 64 MiB) the agent reads from any store; a store that sends more is refused naming the object and the limit.
    /// </summary>
    public KernelAgent.Store.Backends.StoreObjectLimits StoreLimits { get; init; } = new();

    /// <summary>Endpoint, region and credentials for s3:// stores (default: AWS and its standard credential chain).</summary>
    public KernelAgent.Store.Backends.S3.S3StoreOptions S3 { get; init; } = new();

    /// <summary>The build farm.</summary>
    public Resolution.FarmClientOptions Farm { get; init; } = new();

    /// <summary>Values that could not be bound (wrong type), reported by the validator with every other problem.</summary>
    internal List<string> ConfigurationErrors { get; } = [];
}
