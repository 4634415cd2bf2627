using KernelAgent.BuildFarm.Drivers.Dkms;

namespace KernelAgent.BuildFarm.Compilation;

/// <summary>Every module a DKMS build produced and what is needed to record its provenance.</summary>
/// <param name="Modules">The .ko files, in dkms.conf's record order.</param>
/// <param name="Conf">The dkms.conf as read for the kernel.</param>
/// <param name="Compiler">The first line of the compiler's <c>--version</c>.</param>
/// <param name="ExpectedCompiler">The kernel's CONFIG_CC_VERSION_TEXT.</param>
/// <param name="Log">The whole build log, with a line per command the farm ran.</param>
/// <param name="Duration">Time spent in the build's commands.</param>
internal sealed record CompiledDriver(
    IReadOnlyList<CompiledModuleFile> Modules,
    DkmsConf Conf,
    string Compiler,
    string? ExpectedCompiler,
    string Log,
    TimeSpan Duration);
