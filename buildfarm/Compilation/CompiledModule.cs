namespace KernelAgent.BuildFarm.Compilation;

/// <summary>A compiled module and what is needed to record its provenance.</summary>
/// <param name="ModulePath">The .ko file.</param>
/// <param name="Sha256">Lowercase hex sha256 of the .ko.</param>
/// <param name="Size">Size of the .ko in bytes.</param>
/// <param name="Compiler">The first line of the compiler's <c>--version</c>, e.g. "gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0".</param>
/// <param name="ExpectedCompiler">The kernel's CONFIG_CC_VERSION_TEXT, to compare with <paramref name="Compiler"/>.</param>
/// <param name="Log">The whole build log (standard output and error, in order).</param>
/// <param name="Sandboxed">Whether the build ran inside bubblewrap.</param>
/// <param name="Duration">Time spent in make.</param>
internal sealed record CompiledModule(
    string ModulePath,
    string Sha256,
    long Size,
    string Compiler,
    string? ExpectedCompiler,
    string Log,
    bool Sandboxed,
    TimeSpan Duration);
