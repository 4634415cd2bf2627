using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Verification;

/// <summary>
/// The last check before loading, on the module's own <c>.modinfo</c>: its vermagic release must be the
/// running kernel's release, its ELF machine the host's, its name the driver's. Debian kernels have
/// MODVERSIONS, which makes the kernel accept a module from a neighbouring ABI whose symbol CRCs match;
/// this check is what refuses it.
/// </summary>
internal static class HostModuleCheck
{
    /// <exception cref="ModuleIdentityMismatchException">The module does not fit the host.</exception>
    public static Modinfo Check(byte[] module, string source, KernelIdentity host, string driverName)
    {
        ArgumentNullException.ThrowIfNull(host);
        Modinfo info;
        try
        {
            using var stream = new MemoryStream(module, writable: false);
            info = ModinfoReader.Read(stream, source);
        }
        catch (ModinfoException e)
        {
            throw new ModuleIdentityMismatchException("unreadable module", e.Message);
        }

        var vermagic = info.Vermagic
            ?? throw new ModuleIdentityMismatchException("vermagic mismatch", $"{source} has no vermagic in .modinfo");
        if (!vermagic.ReleaseMatches(host.KernelRelease))
        {
            throw new ModuleIdentityMismatchException("vermagic mismatch",
                $"the module was built for '{vermagic.Release}' (vermagic \"{vermagic.Raw.TrimEnd()}\"), this host runs '{host.KernelRelease}'");
        }

        if (!string.Equals(info.Architecture, host.Arch, StringComparison.Ordinal))
        {
            throw new ModuleIdentityMismatchException("architecture mismatch",
                $"the module is for {info.Architecture}, this host is {host.Arch}");
        }

        if (info.Name is { } name && !string.Equals(name.Replace('-', '_'), driverName.Replace('-', '_'), StringComparison.Ordinal))
        {
            throw new ModuleIdentityMismatchException("name mismatch", $"the module calls itself '{name}', expected '{driverName}'");
        }

        return info;
    }
}
