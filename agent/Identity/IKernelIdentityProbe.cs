namespace KernelAgent.Agent.Identity;

/// <summary>Reads the running kernel's exact identity from the host.</summary>
internal interface IKernelIdentityProbe
{
    /// <summary>
    /// Reads os-release, <c>proc/sys/kernel/osrelease</c>, <c>proc/sys/kernel/version</c> under the host
    /// root and the machine from uname(2), and validates them as variant fields.
    /// </summary>
    /// <exception cref="IdentityException">Any input is missing or malformed; every problem is listed.</exception>
    HostIdentity Probe();
}
