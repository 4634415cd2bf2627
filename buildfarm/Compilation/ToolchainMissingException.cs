namespace KernelAgent.BuildFarm.Compilation;

/// <summary>The build machine lacks programs a kernel's build needs.</summary>
internal sealed class ToolchainMissingException : CompilationException
{
    public ToolchainMissingException(string kernelRelease, IReadOnlyList<RequiredTool> missing)
        : base($"Cannot build for kernel {kernelRelease}: missing on this machine: " +
               $"{string.Join(", ", missing.Select(t => $"{t.Program} (Debian package {t.DebianPackage}: {t.Reason})"))}.")
    {
        Missing = missing;
    }

    public IReadOnlyList<RequiredTool> Missing { get; }
}
