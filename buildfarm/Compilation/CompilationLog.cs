using KernelAgent.BuildFarm.Logging;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Compilation;

/// <summary>Log messages of module compilation; event ids 3200-3299.</summary>
internal static partial class CompilationLog
{
    [LoggerMessage(EventId = FarmEventIds.Compiling, Level = LogLevel.Information, Message = "Building {Module} for {Target} (sandboxed: {Sandboxed}): {CommandLine}")]
    public static partial void Starting(ILogger logger, string module, string target, bool sandboxed, string commandLine);

    [LoggerMessage(EventId = FarmEventIds.Compiled, Level = LogLevel.Information, Message = "Built {Module} for {Target}: sha256 {Sha256}, {Bytes} bytes, {Seconds:F1} s")]
    public static partial void Built(ILogger logger, string module, string target, string sha256, long bytes, double seconds);

    [LoggerMessage(EventId = FarmEventIds.CompileWarning, Level = LogLevel.Warning, Message = "Building {Module} for {Target} {What}")]
    public static partial void Failed(ILogger logger, string module, string target, string what);

    [LoggerMessage(EventId = FarmEventIds.SandboxUnusable, Level = LogLevel.Warning, Message = "Builds run without a sandbox: {Bubblewrap} is unusable here: {Reason}")]
    public static partial void SandboxUnavailable(ILogger logger, string bubblewrap, string reason);

    [LoggerMessage(EventId = FarmEventIds.DkmsStep, Level = LogLevel.Information, Message = "DKMS build of {Driver}: {Step}: {CommandLine}")]
    public static partial void DkmsStep(ILogger logger, string driver, string step, string commandLine);

    [LoggerMessage(EventId = FarmEventIds.DkmsBuilt, Level = LogLevel.Information, Message = "Built {Driver} for {Target}: {Modules} modules, {Seconds:F1} s")]
    public static partial void BuiltDriver(ILogger logger, string driver, string target, int modules, double seconds);
}
