namespace KernelAgent.Agent.Resolution;

/// <summary>Where a resolved artifact came from, in the order the agent tries them.</summary>
internal enum ArtifactSource
{
    /// <summary>The agent's own cache, verified again before use.</summary>
    Cache,

    /// <summary>One of the configured stores.</summary>
    Store,

    /// <summary>Built (or found published) by the farm on request.</summary>
    Farm,

    /// <summary>
    /// The modules an earlier pass installed under lib/modules, verified again from the attestation recorded beside them
    /// (tried after the cache, before any network).
    /// </summary>
    Installed,
}
