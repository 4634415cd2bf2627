using System.Runtime.InteropServices;
using System.Text;

namespace KernelAgent.Agent.Identity;

/// <summary>
/// The machine field of uname(2), exactly as <c>uname -m</c> prints it (<c>x86_64</c>, <c>aarch64</c>).
/// The architecture of the running kernel is the same inside a container, so this never reads the
/// host root.
/// </summary>
internal static partial class UnameMachine
{
    public const string Source = "uname(2)";

    /// <summary>_UTSNAME_LENGTH on Linux (include/uapi/linux/utsname.h: __NEW_UTS_LEN + 1).</summary>
    private const int FieldLength = 65;

    /// <summary>struct utsname: sysname, nodename, release, version, machine, domainname.</summary>
    private const int FieldCount = 6;

    private const int MachineField = 4;

    /// <exception cref="IdentityException">Not Linux, or uname(2) failed.</exception>
    public static unsafe string Read()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new IdentityException(new IdentityProblem(Source, "machine", "the kernel identity can only be read on Linux"));
        }

        var buffer = stackalloc byte[FieldLength * FieldCount];
        if (Uname(buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IdentityException(new IdentityProblem(
                Source, "machine", $"failed with errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})"));
        }

        var field = new ReadOnlySpan<byte>(buffer + (FieldLength * MachineField), FieldLength);
        var end = field.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? field : field[..end]);
    }

    [LibraryImport("libc", EntryPoint = "uname", SetLastError = true)]
    private static unsafe partial int Uname(byte* buffer);
}
