namespace KernelAgent.Agent.Loading;

/// <summary>How an unload request ended when it did not fail.</summary>
public enum UnloadOutcome
{
    /// <summary>delete_module removed the module.</summary>
    Unloaded,

    /// <summary>No module of that name was loaded (ENOENT); nothing to do.</summary>
    NotLoaded,
}
