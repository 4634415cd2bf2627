using KernelAgent.Agent.Logging;
using Microsoft.Extensions.Logging;

namespace KernelAgent.Agent.Loading;

/// <summary>
/// Log events of loading and installation; event ids 1300-1399 belong to this feature. Placeholders named
/// Driver, KernelRelease and ArtifactDigest become the journal fields DRIVER, KERNEL_RELEASE and ARTIFACT_DIGEST.
/// </summary>
internal static partial class LoadingLog
{
    [LoggerMessage(EventId = AgentEventIds.ModuleLoaded, Level = LogLevel.Information,
        Message = "Loaded module {Module} from {ModulePath} (taint: {Taint})")]
    public static partial void ModuleLoaded(ILogger logger, string module, string modulePath, string taint);

    [LoggerMessage(EventId = AgentEventIds.ModuleAlreadyLoaded, Level = LogLevel.Information,
        Message = "Module {Module} was already loaded (srcversion {LoadedSrcVersion}); ours: {Ownership}")]
    public static partial void ModuleAlreadyLoaded(ILogger logger, string module, string loadedSrcVersion, ModuleOwnership ownership);

    [LoggerMessage(EventId = AgentEventIds.ModuleLoadFailed, Level = LogLevel.Error,
        Message = "Module {Module} did not load from {ModulePath} ({Failure}): {Reason}")]
    public static partial void ModuleLoadFailed(ILogger logger, string module, string modulePath, ModuleLoadFailure failure, string reason);

    [LoggerMessage(EventId = AgentEventIds.ModuleInstalled, Level = LogLevel.Information,
        Message = "Installed module {Module} for kernel {KernelRelease} as {ModulePath} (sha256 {ModuleSha256})")]
    public static partial void ModuleInstalled(ILogger logger, string module, string kernelRelease, string modulePath, string moduleSha256);

    [LoggerMessage(EventId = AgentEventIds.ModuleUnloaded, Level = LogLevel.Information, Message = "Unloaded module {Module}")]
    public static partial void ModuleUnloaded(ILogger logger, string module);

    [LoggerMessage(EventId = AgentEventIds.ForeignModuleLoaded, Level = LogLevel.Warning,
        Message = "Module {Module} is already loaded but is not ours: its srcversion is {LoadedSrcVersion}, the verified module's is {ExpectedSrcVersion}")]
    public static partial void ModuleLoadedIsNotOurs(ILogger logger, string module, string loadedSrcVersion, string expectedSrcVersion);

    [LoggerMessage(EventId = AgentEventIds.ModuleAlreadyInstalled, Level = LogLevel.Information,
        Message = "Module {Module} for kernel {KernelRelease} is already installed as {ModulePath}; left as it is")]
    public static partial void ModuleAlreadyInstalled(ILogger logger, string module, string kernelRelease, string modulePath);

    [LoggerMessage(EventId = AgentEventIds.DepmodWarnings, Level = LogLevel.Warning,
        Message = "depmod for kernel {KernelRelease} succeeded with warnings: {DepmodOutput}")]
    public static partial void DepmodWarned(ILogger logger, string kernelRelease, string depmodOutput);

    [LoggerMessage(EventId = AgentEventIds.ModulesLoadListed, Level = LogLevel.Information,
        Message = "Listed module {Module} in {ConfPath}: systemd-modules-load will load it at boot")]
    public static partial void ModulesLoadConfWritten(ILogger logger, string module, string confPath);

    [LoggerMessage(EventId = AgentEventIds.ModulesLoadRemoved, Level = LogLevel.Information,
        Message = "Removed {ConfPath}: boot-time loading is off in the configuration")]
    public static partial void ModulesLoadConfRemoved(ILogger logger, string confPath);

    [LoggerMessage(EventId = AgentEventIds.NothingToUnload, Level = LogLevel.Debug, Message = "Module {Module} was not loaded; nothing to unload")]
    public static partial void ModuleWasNotLoaded(ILogger logger, string module);

    [LoggerMessage(EventId = AgentEventIds.UnloadFailed, Level = LogLevel.Error, Message = "Module {Module} could not be unloaded ({Errno}): {Reason}")]
    public static partial void ModuleUnloadFailed(ILogger logger, string module, string errno, string reason);

    [LoggerMessage(EventId = AgentEventIds.LoadedModuleUnreadable, Level = LogLevel.Warning,
        Message = "Module {Module} is loaded but what the kernel shows of it could not be read: {Reason}")]
    public static partial void LoadedModuleUnreadable(ILogger logger, string module, string reason);

    [LoggerMessage(EventId = AgentEventIds.InstallRecordReplaced, Level = LogLevel.Warning,
        Message = "The installation record of module {Module} for kernel {KernelRelease} was unreadable and is replaced: {Reason}")]
    public static partial void InstallationRecordReplaced(ILogger logger, string module, string kernelRelease, string reason);

    [LoggerMessage(EventId = AgentEventIds.ModuleMoved, Level = LogLevel.Information,
        Message = "Module {Module} for kernel {KernelRelease} moves from {OldPath} to {ModulePath}; the earlier copy is removed")]
    public static partial void ModuleMoved(ILogger logger, string module, string kernelRelease, string oldPath, string modulePath);
}
