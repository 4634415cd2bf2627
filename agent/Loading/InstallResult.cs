namespace KernelAgent.Agent.Loading;

/// <summary>The result of an installation.</summary>
/// <param name="Outcome">Written now, or already there.</param>
/// <param name="ModulePath">The installed file, the path to load.</param>
/// <param name="DepmodRan">Whether depmod ran (new bytes, or an index that did not list the module yet).</param>
/// <param name="Record">The installation record as stored.</param>
internal sealed record InstallResult(InstallOutcome Outcome, string ModulePath, bool DepmodRan, InstalledModuleRecord Record);
