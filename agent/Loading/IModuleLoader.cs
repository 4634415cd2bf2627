namespace KernelAgent.Agent.Loading;

/// <summary>Loads, inspects and unloads kernel modules of the running kernel.</summary>
internal interface IModuleLoader
{
    /// <summary>
    /// Loads the module file of <paramref name="request"/>. A module of that name already loaded is not an error:
    /// the result says so and whether it is ours.
    /// </summary>
    /// <exception cref="ModuleLoadException">The file could not be read or the kernel refused the module.</exception>
    Task<LoadResult> LoadAsync(ModuleLoadRequest request, CancellationToken cancellationToken);

    /// <summary>Whether <c>proc/modules</c> under the host root lists <paramref name="name"/> ('-' and '_' alike).</summary>
    /// <exception cref="ModuleLoadException">proc/modules could not be read.</exception>
    bool IsLoaded(string name);

    /// <summary>The loaded module <paramref name="name"/>, or null when it is not loaded.</summary>
    /// <exception cref="ModuleLoadException">proc/modules could not be read.</exception>
    LoadedModuleInfo? GetLoadedInfo(string name);

    /// <summary>Unloads <paramref name="name"/> without waiting for its users (delete_module with O_NONBLOCK).</summary>
    /// <exception cref="ModuleUnloadException">The kernel refused, e.g. because the module is in use.</exception>
    Task<UnloadOutcome> UnloadAsync(string name, CancellationToken cancellationToken);
}
