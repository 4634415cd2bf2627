namespace KernelAgent.Agent.Identity;

/// <summary>Settings of the kernel identity probe.</summary>
internal sealed class KernelIdentityProbeOptions
{
    /// <summary>
    /// Replaces the machine that uname(2) reports (tests, and reading a host root of another
    /// architecture). Normally unset: the running kernel's machine is the same inside and outside a
    /// container, so uname(2) is always the right source.
    /// </summary>
    public string? Machine { get; set; }
}
