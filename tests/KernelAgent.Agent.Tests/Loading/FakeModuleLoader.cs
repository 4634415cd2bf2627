using KernelAgent.Agent.Loading;

namespace KernelAgent.Agent.Tests.Loading;

/// <summary>
/// An <see cref="IModuleLoader"/> for tests of the agent's callers: keeps a set of "loaded" modules in memory, records
/// every request, and fails a load with a scripted <see cref="ModuleLoadException"/> when told to.
/// </summary>
internal sealed class FakeModuleLoader : IModuleLoader
{
    private readonly Dictionary<string, LoadedModuleInfo> _loaded = new(StringComparer.Ordinal);

    public List<ModuleLoadRequest> LoadRequests { get; } = [];

    public List<string> UnloadRequests { get; } = [];

    /// <summary>The next loads fail with this errno (as finit_module would); null lets them succeed.</summary>
    public int? FailWithErrno { get; set; }

    /// <summary>Marks a module as loaded already, as if another process (or an earlier boot) had loaded it.</summary>
    public void PretendLoaded(string name, string? srcVersion) =>
        _loaded[name.Replace('-', '_')] = new LoadedModuleInfo(name.Replace('-', '_'), 16384, 0, [], ModuleState.Live, "OE", srcVersion);

    public Task<LoadResult> LoadAsync(ModuleLoadRequest request, CancellationToken cancellationToken)
    {
        LoadRequests.Add(request);
        var name = request.ModuleName.Replace('-', '_');
        if (_loaded.TryGetValue(name, out var existing))
        {
            return Task.FromResult(new LoadResult(name, LoadOutcome.AlreadyLoaded, existing.OwnershipFor(request.ExpectedSrcVersion), existing));
        }

        if (FailWithErrno is { } errno)
        {
            throw ModuleLoadException.FromErrno(name, request.ModulePath, errno);
        }

        var loaded = new LoadedModuleInfo(name, 16384, 0, [], ModuleState.Live, "OE", request.ExpectedSrcVersion);
        _loaded[name] = loaded;
        return Task.FromResult(new LoadResult(name, LoadOutcome.Loaded, ModuleOwnership.Ours, loaded));
    }

    public bool IsLoaded(string name) => _loaded.ContainsKey(name.Replace('-', '_'));

    public LoadedModuleInfo? GetLoadedInfo(string name) => _loaded.GetValueOrDefault(name.Replace('-', '_'));

    public Task<UnloadOutcome> UnloadAsync(string name, CancellationToken cancellationToken)
    {
        UnloadRequests.Add(name);
        return Task.FromResult(_loaded.Remove(name.Replace('-', '_')) ? UnloadOutcome.Unloaded : UnloadOutcome.NotLoaded);
    }
}
