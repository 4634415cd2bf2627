namespace KernelAgent.Agent.Loading;

/// <summary>How an installation ended.</summary>
internal enum InstallOutcome
{
    /// <summary>The module file was written (new, or different bytes replaced).</summary>
    Installed,

    /// <summary>The same bytes were already installed; the file was not rewritten.</summary>
    AlreadyInstalled,
}
