namespace KernelAgent.BuildFarm.Compilation;

/// <summary>The programs one kernel's module build will use.</summary>
/// <param name="Compiler">The C compiler passed as CC, e.g. "gcc-12" or "aarch64-linux-gnu-gcc-12".</param>
/// <param name="CrossCompilePrefix">CROSS_COMPILE for a foreign target, else null.</param>
/// <param name="KernelArchitecture">ARCH for a foreign target (e.g. "arm64"), else null.</param>
/// <param name="Required">Every program the build needs; all present.</param>
internal sealed record Toolchain(string Compiler, string? CrossCompilePrefix, string? KernelArchitecture, IReadOnlyList<RequiredTool> Required);
