namespace KernelAgent.BuildFarm.Headers.Debian;

/// <summary>Debian's architecture names (dpkg-architecture(1)) for the <c>uname -m</c> values the farm builds for.</summary>
internal static class DebianArchitecture
{
    /// <exception cref="InvalidKernelTargetException">An architecture the farm does not build for.</exception>
    public static string FromMachine(KernelTarget target) => target.Architecture switch
    {
        KernelMachine.X8664 => "amd64",
        KernelMachine.Aarch64 => "arm64",
        _ => throw new InvalidKernelTargetException(
            target, nameof(KernelTarget.Architecture), $"'{target.Architecture}' is not an architecture the farm builds for ({KernelMachine.X8664}, {KernelMachine.Aarch64})"),
    };
}
