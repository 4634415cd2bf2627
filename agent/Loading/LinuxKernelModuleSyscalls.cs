using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace KernelAgent.Agent.Loading;

/// <summary>
/// finit_module(2) and delete_module(2) through libc's <c>long syscall(long number, ...)</c>.
/// </summary>
/// <remarks>
/// syscall(2) is variadic; it is bound here with fixed integer parameters. On the x86_64 System V and the
/// Linux AArch64 calling conventions, integer arguments of a variadic call travel in the same registers as
/// fixed ones, so both declarations below call it correctly (glibc's syscall is assembly that reads them
/// from those registers; musl's reads them with va_arg).
/// </remarks>
internal sealed partial class LinuxKernelModuleSyscalls : IKernelModuleSyscalls
{
    /// <summary>O_NONBLOCK from include/uapi/asm-generic/fcntl.h (00004000), shared by x86_64 and arm64.</summary>
    private const nint ONonBlock = 0x800;

    private readonly ModuleSyscallNumbers _numbers;

    public LinuxKernelModuleSyscalls(ModuleSyscallNumbers numbers)
    {
        _numbers = numbers;
    }

    public unsafe int FinitModule(SafeFileHandle module, string parameters, int flags)
    {
        var text = NulTerminated(parameters);
        var added = false;
        try
        {
            module.DangerousAddRef(ref added);
            fixed (byte* values = text)
            {
                var result = Syscall(_numbers.FinitModule, module.DangerousGetHandle(), (nint)values, flags);
                return result == 0 ? 0 : Marshal.GetLastPInvokeError();
            }
        }
        finally
        {
            if (added)
            {
                module.DangerousRelease();
            }
        }
    }

    public unsafe int DeleteModule(string kernelName)
    {
        var name = NulTerminated(kernelName);
        fixed (byte* namePointer = name)
        {
            var result = Syscall(_numbers.DeleteModule, (nint)namePointer, ONonBlock);
            return result == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
    }

    private static byte[] NulTerminated(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial nint Syscall(nint number, nint argument1, nint argument2, nint argument3);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial nint Syscall(nint number, nint argument1, nint argument2);
}
