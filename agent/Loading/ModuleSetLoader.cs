using KernelAgent.Agent.Logging;
using KernelAgent.Store.Modules;
using Microsoft.Extensions.Logging;

namespace KernelAgent.Agent.Loading;

/// <summary>
/// Loads every module of a driver in dependency order (<see cref="LoadOrder"/>). A module that fails to load
/// unloads, in reverse order, the modules this pass loaded before it, so a failed pass leaves the kernel as it found
/// it; modules that were already loaded are never touched.
/// </summary>
internal sealed partial class ModuleSetLoader(IModuleLoader loader, ILogger logger)
{
    /// <summary>The results in load order.</summary>
    /// <exception cref="ModuleLoadException">An unmet dependency (nothing loaded), or the first module that failed (after the rollback).</exception>
    public async Task<IReadOnlyList<LoadResult>> LoadAsync(IReadOnlyList<ModuleSetMember> members, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(members);
        var order = LoadOrder.Compute([.. members.Select(m => (m.Request.ModuleName, m.Depends))], loader.IsLoaded);
        var byName = members.ToDictionary(m => KernelModuleName.Normalize(m.Request.ModuleName), StringComparer.Ordinal);
        var loadedNow = new List<string>();
        var results = new List<LoadResult>(order.Count);
        try
        {
            foreach (var name in order)
            {
                var result = await loader.LoadAsync(byName[name].Request, cancellationToken);
                if (result.Outcome == LoadOutcome.Loaded)
                {
                    loadedNow.Add(name);
                }

                results.Add(result);
            }
        }
        catch (Exception e) when (loadedNow.Count > 0 && e is ModuleLoadException or OperationCanceledException)
        {
            LogRollingBack(loadedNow.Count, e.Message);
            await UnloadAsync(loadedNow);
            throw;
        }

        return results;
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
}
