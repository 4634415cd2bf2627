namespace KernelAgent.Agent.Service;

/// <summary>
/// How one pass ended. Each value is a definite state with its own exit code for <c>kernel-agent once</c>
/// (docs in <see cref="PassOutcomes"/>) and its own OUTCOME field in the journal.
/// </summary>
public enum PassOutcome
{
    /// <summary>The module was loaded by this pass.</summary>
    Loaded,

    /// <summary>The module was already loaded (and is ours, or could not be told apart).</summary>
    AlreadyLoaded,

    /// <summary>Verified and installed, not loaded (<c>once --no-load</c>).</summary>
    Verified,

    /// <summary>The host's identity could not be read: a file or field is missing or malformed.</summary>
    IdentityFailed,

    /// <summary>No store has the variant and no farm is configured.</summary>
    NotFound,

    /// <summary>An artifact was found and refused: signature, digest, variant or vermagic.</summary>
    Refused,

    /// <summary>The farm's build failed.</summary>
    BuildFailed,

    /// <summary>Stores and farm could not be reached in time.</summary>
    Unreachable,

    /// <summary>The kernel refused to load the verified module (signature enforcement, lockdown, format).</summary>
    LoadFailed,

    /// <summary>The verified module could not be installed under /lib/modules (read-only, full, depmod failed); nothing was loaded.</summary>
    InstallFailed,

    /// <summary>
    /// A different build of the driver (another srcversion) is already loaded, so the verified one is not running. Not a
    /// success: the service retries, and loads the verified module once the other is unloaded.
    /// </summary>
    OtherBuildLoaded,
}
