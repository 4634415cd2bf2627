namespace KernelAgent.Agent.Loading;

/// <summary>The result of a load request that did not fail.</summary>
/// <param name="ModuleName">The kernel's name of the module.</param>
/// <param name="Outcome">Loaded now, or already loaded.</param>
/// <param name="Ownership">For <see cref="LoadOutcome.Loaded"/> always <see cref="ModuleOwnership.Ours"/>; for
/// <see cref="LoadOutcome.AlreadyLoaded"/> the srcversion comparison.</param>
/// <param name="Module">What the kernel shows of the loaded module, or null when that could not be read.</param>
internal sealed record LoadResult(string ModuleName, LoadOutcome Outcome, ModuleOwnership Ownership, LoadedModuleInfo? Module);
