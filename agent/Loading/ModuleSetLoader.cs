using KernelAgent.Agent.Logging;
using KernelAgent.Store.Modules;
using Microsoft.Extensions.Logging;

namespace KernelAgent.Agent.Loading;

/// <summary>
/// Loads every module of a driver in dependency order (<see cref="LoadOrder"/>), after the kernel's own modules it
/// needs that are not loaded (from <paramref name="kernelTree"/>, as modprobe would). A module that fails to load
/// unloads, in reverse order, the modules this pass loaded before it (the kernel's own included), so a failed pass
/// leaves the kernel as it found it; modules that were already loaded are never touched.
/// </summary>
/// <param name="loader">Loads and unloads each module.</param>
/// <param name="logger">Where the rollback and the kernel's modules loaded are logged.</param>
/// <param name="kernelTree">The running kernel's modules; null refuses every dependency outside the set that is not loaded.</param>
internal sealed partial class ModuleSetLoader(IModuleLoader loader, ILogger logger, KernelModuleTree? kernelTree = null)
{
    /// <summary>The driver's results in load order, and the kernel's modules loaded for them.</summary>
    /// <exception cref="ModuleLoadException">An unmet dependency (nothing loaded), or the first module that failed (after the rollback).</exception>
    public async Task<ModuleSetLoad> LoadAsync(IReadOnlyList<ModuleSetMember> members, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(members);
        var byName = members.ToDictionary(m => KernelModuleName.Normalize(m.Request.ModuleName), StringComparer.Ordinal);
        var kernelModules = ResolveKernelDependencies(members, byName).ToDictionary(d => d.Name, StringComparer.Ordinal);
        var order = LoadOrder.Compute(
            [.. kernelModules.Values.Select(d => (d.Name, d.Depends)), .. members.Select(m => (m.Request.ModuleName, m.Depends))], loader.IsLoaded);
        var loadedNow = new List<string>();
        var kernelLoaded = new List<string>();
        var results = new List<LoadResult>(members.Count);
        try
        {
            foreach (var name in order)
            {
                var dependency = kernelModules.GetValueOrDefault(name);
                var request = dependency is null ? byName[name].Request
                    : new ModuleLoadRequest(name, dependency.Path) { CompressedFile = dependency.Compressed };
                var result = await loader.LoadAsync(request, cancellationToken);
                if (result.Outcome == LoadOutcome.Loaded)
                {
                    loadedNow.Add(name);
                }

                if (dependency is null)
                {
                    results.Add(result);
                }
                else if (result.Outcome == LoadOutcome.Loaded)
                {
                    kernelLoaded.Add(name);
                    LogKernelDependencyLoaded(name, dependency.Path);
                }
            }
        }
        catch (Exception e) when (loadedNow.Count > 0 && e is ModuleLoadException or OperationCanceledException)
        {
            LogRollingBack(loadedNow.Count, e.Message);
            await UnloadAsync(loadedNow);
            throw;
        }

        return new ModuleSetLoad(results, kernelLoaded);
    }

    // Without a tree, LoadOrder refuses a dependency that is neither in the set nor loaded, as before.
    private IReadOnlyList<InTreeModule> ResolveKernelDependencies(IReadOnlyList<ModuleSetMember> members, Dictionary<string, ModuleSetMember> byName)
    {
        if (kernelTree is null)
        {
            return [];
        }

        bool Present(string name) => byName.ContainsKey(name) || loader.IsLoaded(name);
        var needed = members
            .SelectMany(m => m.Depends.Select(d => (Needer: KernelModuleName.Normalize(m.Request.ModuleName), Name: KernelModuleName.Normalize(d))))
            .Where(n => !Present(n.Name))
            .ToList();
        return needed.Count == 0 ? [] : kernelTree.Resolve(needed, Present);
    }

    // Best effort and never cancelled: a module that cannot be unloaded now is named, and the next one is still tried.
    private async Task UnloadAsync(List<string> loadedNow)
    {
        for (var i = loadedNow.Count - 1; i >= 0; i--)
        {
            try
            {
                await loader.UnloadAsync(loadedNow[i], CancellationToken.None);
            }
            catch (ModuleUnloadException e)
            {
                LogRollbackFailed(loadedNow[i], e.Message);
            }
        }
    }

    [LoggerMessage(EventId = AgentEventIds.ModuleSetRollingBack, Level = LogLevel.Warning,
        Message = "A module of the set did not load; unloading the {Count} module(s) this pass loaded: {Reason}")]
    private partial void LogRollingBack(int count, string reason);

    [LoggerMessage(EventId = AgentEventIds.ModuleSetRollbackFailed, Level = LogLevel.Error,
        Message = "Module {Driver} stays loaded: unloading it after a failed set failed: {Reason}")]
    private partial void LogRollbackFailed(string driver, string reason);

    // Not {Driver}: the pass's scope carries the driver's name under that key and would replace the module's.
    [LoggerMessage(EventId = AgentEventIds.KernelDependencyLoaded, Level = LogLevel.Information,
        Message = "Loaded the kernel's own module {Module} from {ModulePath}: a module of the driver needs it")]
    private partial void LogKernelDependencyLoaded(string module, string modulePath);
}
