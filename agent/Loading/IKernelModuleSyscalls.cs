using Microsoft.Win32.SafeHandles;

namespace KernelAgent.Agent.Loading;

/// <summary>
/// The two module system calls, returning 0 or the errno. A seam so the loader's errno handling is unit-tested
/// without ever loading anything into the kernel of the machine running the tests.
/// </summary>
internal interface IKernelModuleSyscalls
{
    /// <summary>
    /// finit_module(2) on an open, readable module file with a rendered parameter string. <paramref name="flags"/> is 0
    /// or <see cref="ModuleInitFlags.CompressedFile"/>; never a flag that makes the kernel skip a check.
    /// </summary>
    int FinitModule(SafeFileHandle module, string parameters, int flags);

    /// <summary>delete_module(2) with O_NONBLOCK: fails at once instead of waiting for users of the module.</summary>
    int DeleteModule(string kernelName);
}
