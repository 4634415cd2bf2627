namespace KernelAgent.Agent.Loading;

/// <summary>Whether a module already loaded under our module's name is the build we verified.</summary>
internal enum ModuleOwnership
{
    /// <summary>No comparison was possible: no expected srcversion was given, or the kernel shows none.</summary>
    Unknown,

    /// <summary>The loaded module's srcversion equals the verified module's: it is ours.</summary>
    Ours,

    /// <summary>A module of that name with another srcversion is loaded: another build, or someone else's module.</summary>
    NotOurs,
}
