namespace KernelAgent.Agent.Loading;

/// <summary>delete_module(2) refused to unload a module; the message says why and what to do.</summary>
internal sealed class ModuleUnloadException : Exception
{
    public ModuleUnloadException(string moduleName, int errno)
        : base($"cannot unload module '{moduleName}': {ModuleLoadErrors.DescribeUnload(errno)} " +
               $"(delete_module: {ModuleErrno.Name(errno)}, errno {errno})")
    {
        ModuleName = moduleName;
        Errno = errno;
    }

    public string ModuleName { get; }

    public int Errno { get; }

    public string ErrnoName => ModuleErrno.Name(Errno);
}
