namespace KernelAgent.Agent.Loading;

/// <summary>
/// A verified module could not be installed for a kernel, or its installation record could not be read or
/// written. The message names the module, the kernel release, the file or command involved, and what went wrong.
/// </summary>
internal sealed class ModuleInstallException : Exception
{
    public ModuleInstallException(string moduleName, string kernelRelease, string detail, Exception? inner = null)
        : base($"cannot install module '{moduleName}' for kernel {kernelRelease}: {detail}", inner)
    {
        ModuleName = moduleName;
        KernelRelease = kernelRelease;
        Detail = detail;
    }

    public string ModuleName { get; }

    public string KernelRelease { get; }

    public string Detail { get; }
}
