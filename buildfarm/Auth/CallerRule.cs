namespace KernelAgent.BuildFarm.Auth;

/// <summary>What a group of callers may do (an item of <c>Auth:Rules</c>).</summary>
internal sealed class CallerRule
{
    /// <summary>Named in refusals, logs and metrics. Required.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>
    /// Caller identities this rule covers: exact, or a prefix ending in <c>*</c>
    /// (<c>spiffe://fleet.example/host/*</c>). A certificate's identity is its URI SAN or CN, a token's its <c>sub</c>.
    /// </summary>
    public List<string> Identities { get; set; } = [];

    /// <summary>Token roles this rule covers (any one suffices).</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>Drivers the callers may resolve (and build, with <see cref="Build"/>); empty or <c>*</c> for all. Default: all.</summary>
    public List<string> Drivers { get; set; } = [];

    /// <summary>The callers may start builds; false limits them to Resolve and following builds. Default true.</summary>
    public bool Build { get; set; } = true;

    /// <summary>Operators may do everything: cancel any build and see who requested each. Default false.</summary>
    public bool Operator { get; set; }

    /// <summary>Builds one caller may have queued or running at once; 0 for no limit. Default 4.</summary>
    public int MaxConcurrentBuilds { get; set; } = 4;

    /// <summary>Sustained calls a minute one caller may make; 0 for no limit. Default 600.</summary>
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>Calls one caller may make at once above the sustained rate. Default 60.</summary>
    public int RequestBurst { get; set; } = 60;

    /// <summary>Whether this rule covers a caller.</summary>
    public bool Covers(string identity, IReadOnlyCollection<string> roles) =>
        Identities.Any(pattern => pattern.EndsWith('*')
            ? identity.StartsWith(pattern[..^1], StringComparison.Ordinal)
            : string.Equals(pattern, identity, StringComparison.Ordinal))
        || Roles.Any(roles.Contains);

    /// <summary>Whether the callers may resolve or build this driver.</summary>
    public bool AllowsDriver(string driver) => Operator || Drivers.Count == 0 || Drivers.Contains("*") || Drivers.Contains(driver);
}
