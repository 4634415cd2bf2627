namespace KernelAgent.EndToEnd.Tests.Guest;

/// <summary>A Debian kernel ready to boot (scripts/e2e/kernel.sh): vmlinuz, config and the guest's boot modules.</summary>
/// <param name="Arch">Debian architecture: amd64 or arm64.</param>
/// <param name="Abi">Debian ABI, e.g. 6.1.0-56.</param>
/// <param name="Directory">The folder kernel.sh prepared.</param>
internal sealed record PreparedKernel(string Arch, string Abi, string Directory)
{
    /// <summary>What <c>uname -r</c> says in the guest, e.g. 6.1.0-56-amd64.</summary>
    public string Release => $"{Abi}-{Arch}";

    /// <summary>What <c>uname -m</c> says in the guest, and the arch field of the variant.</summary>
    public string Machine => Arch == "arm64" ? "aarch64" : "x86_64";
}
