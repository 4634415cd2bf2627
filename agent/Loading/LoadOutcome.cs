namespace KernelAgent.Agent.Loading;

/// <summary>How a load request ended when it did not fail.</summary>
internal enum LoadOutcome
{
    /// <summary>finit_module loaded the module now.</summary>
    Loaded,

    /// <summary>finit_module reported EEXIST: a module of that name was already loaded.</summary>
    AlreadyLoaded,
}
