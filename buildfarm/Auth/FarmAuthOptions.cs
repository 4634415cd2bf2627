namespace KernelAgent.BuildFarm.Auth;

/// <summary>
/// Who may call the farm (configuration section <c>Auth</c>). With neither <see cref="ClientCaFile"/> nor
/// <see cref="JwtIssuers"/> set, callers are not authenticated, which the farm accepts only on loopback and a unix
/// socket unless <see cref="AllowUnauthenticated"/> is set.
/// </summary>
internal sealed class FarmAuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// PEM file of the CA (one or more certificates) that issues callers' client certificates. Needs
    /// Server:TlsCertificateFile. A certificate's identity is its first URI SAN (SPIFFE-style, e.g.
    /// <c>spiffe://fleet.example/host/web-1</c>), else its subject CN. Default: none (no mTLS).
    /// </summary>
    public string? ClientCaFile { get; set; }

    /// <summary>Issuers of accepted JWT bearer tokens, each with its public key. Default: none.</summary>
    public List<JwtIssuerOptions> JwtIssuers { get; set; } = [];

    /// <summary>The JWT claim holding the caller's roles (a string or an array). Default <c>roles</c>.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>grpc.health.v1 answers without credentials. Default true (load balancers and probes have none).</summary>
    public bool OpenHealth { get; set; } = true;

    /// <summary>Server reflection answers without credentials. Default true (it only describes the API).</summary>
    public bool OpenReflection { get; set; } = true;

    /// <summary>
    /// Lets the farm serve without authentication on an address other than loopback. Default false: such a farm
    /// refuses to start, because anyone who reaches it could start builds, cancel others' and flood demand.
    /// </summary>
    public bool AllowUnauthenticated { get; set; }

    /// <summary>
    /// A support policy file (the format of <c>matrix plan --policy</c>): when set, Build accepts only variants whose
    /// distribution, VERSION_ID and architecture one of its targets covers, for a driver it lists; others get
    /// FAILED_PRECONDITION naming the rule. Default: none (any registered driver, any kernel).
    /// </summary>
    public string? BuildPolicyFile { get; set; }

    /// <summary>Caller rules, the first that matches a caller applies. A caller no rule matches is refused every RPC.</summary>
    public List<CallerRule> Rules { get; set; } = [];

    /// <summary>Whether callers must authenticate.</summary>
    public bool Enabled => !string.IsNullOrEmpty(ClientCaFile) || JwtIssuers.Count > 0;
}
