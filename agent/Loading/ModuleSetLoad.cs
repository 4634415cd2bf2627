namespace KernelAgent.Agent.Loading;

/// <summary>What a pass of <see cref="ModuleSetLoader"/> did.</summary>
/// <param name="Modules">The results of the driver's own modules, in load order.</param>
/// <param name="KernelDependencies">The kernel's own modules this pass loaded first because the driver needs them.</param>
internal sealed record ModuleSetLoad(IReadOnlyList<LoadResult> Modules, IReadOnlyList<string> KernelDependencies);
