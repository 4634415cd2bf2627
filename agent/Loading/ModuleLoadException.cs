namespace KernelAgent.Agent.Loading;

/// <summary>
/// A module did not load. The message names the module, the file and the kernel's errno, and says what a
/// person can do about it; <see cref="Failure"/> classifies it for exit codes and status lines.
/// </summary>
internal sealed class ModuleLoadException : Exception
{
    public ModuleLoadException(
        string moduleName, string? modulePath, ModuleLoadFailure failure, int? errno, string detail, Exception? inner = null)
        : base(Describe(moduleName, modulePath, failure, errno, detail), inner)
    {
        ModuleName = moduleName;
        ModulePath = modulePath;
        Failure = failure;
        Errno = errno;
        Detail = detail;
    }

    public string ModuleName { get; }

    /// <summary>The file that was loaded, or null when the failure is not about one file.</summary>
    public string? ModulePath { get; }

    public ModuleLoadFailure Failure { get; }

    /// <summary>The errno finit_module(2) returned, or null when the failure happened before the call.</summary>
    public int? Errno { get; }

    /// <summary>The errno's symbolic name (e.g. EKEYREJECTED), or null without an errno.</summary>
    public string? ErrnoName => Errno is { } errno ? ModuleErrno.Name(errno) : null;

    /// <summary>What went wrong and what to do, without the module and errno framing of <see cref="Exception.Message"/>.</summary>
    public string Detail { get; }

    /// <summary>The exception for an errno of finit_module(2), with the advice of <see cref="ModuleLoadErrors"/>.</summary>
    public static ModuleLoadException FromErrno(string moduleName, string modulePath, int errno)
    {
        var (failure, advice) = ModuleLoadErrors.DescribeLoad(errno);
        return new ModuleLoadException(moduleName, modulePath, failure, errno, advice);
    }

    private static string Describe(string moduleName, string? modulePath, ModuleLoadFailure failure, int? errno, string detail)
    {
        if (failure == ModuleLoadFailure.LoadedModulesUnreadable)
        {
            return $"cannot tell whether module '{moduleName}' is loaded: {modulePath}: {detail}";
        }

        var from = modulePath is null ? string.Empty : $" from {modulePath}";
        var cause = errno is { } value ? $" (finit_module: {ModuleErrno.Name(value)}, errno {value})" : string.Empty;
        return $"cannot load module '{moduleName}'{from}: {detail}{cause}";
    }
}
