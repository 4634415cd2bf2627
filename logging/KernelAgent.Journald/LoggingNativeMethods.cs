using System.Runtime.InteropServices;

namespace KernelAgent.Journald;

/// <summary>
/// The few libc calls the journald sink needs that .NET's Socket and File APIs do not offer: sealed memfds,
/// descriptor passing (SCM_RIGHTS) and statx on an open descriptor. Source-generated, so NativeAOT-safe.
/// Constants are the Linux UAPI values (linux/memfd.h, linux/fcntl.h, linux/socket.h, linux/stat.h),
/// identical on x86_64 and aarch64.
/// </summary>
internal static unsafe partial class LoggingNativeMethods
{
    private const string LibC = "libc";

    public const uint MemfdCloseOnExec = 0x0001;       // MFD_CLOEXEC
    public const uint MemfdAllowSealing = 0x0002;      // MFD_ALLOW_SEALING
    public const int FcntlAddSeals = 1024 + 9;         // F_ADD_SEALS = F_LINUX_SPECIFIC_BASE + 9
    public const int SealSeal = 0x0001;                // F_SEAL_SEAL
    public const int SealShrink = 0x0002;              // F_SEAL_SHRINK
    public const int SealGrow = 0x0004;                // F_SEAL_GROW
    public const int SealWrite = 0x0008;               // F_SEAL_WRITE
    public const int SolSocket = 1;                    // SOL_SOCKET
    public const int ScmRights = 1;                    // SCM_RIGHTS
    public const int MsgNoSignal = 0x4000;             // MSG_NOSIGNAL
    public const int AtEmptyPath = 0x1000;             // AT_EMPTY_PATH
    public const uint StatxBasicStats = 0x07ff;        // STATX_BASIC_STATS
    public const int StatxBufferSize = 256;            // sizeof(struct statx)
    public const int StatxInodeOffset = 32;            // offsetof(struct statx, stx_ino)
    public const int StatxDeviceMajorOffset = 136;     // offsetof(struct statx, stx_dev_major)
    public const int StatxDeviceMinorOffset = 140;     // offsetof(struct statx, stx_dev_minor)

    /// <summary>struct msghdr (sys/socket.h); sequential layout matches LP64 and ILP32 alike.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public void* IoVectors;
        public nuint IoVectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>struct cmsghdr (sys/socket.h); its data follows, aligned to size_t.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ControlMessageHeader
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    [LibraryImport(LibC, EntryPoint = "memfd_create", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MemfdCreate(string name, uint flags);

    [LibraryImport(LibC, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport(LibC, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport(LibC, EntryPoint = "sendmsg", SetLastError = true)]
    public static partial nint SendMessage(SafeHandle socket, MessageHeader* message, int flags);

    [LibraryImport(LibC, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(LibC, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Statx(int directoryFd, string path, int flags, uint mask, byte* buffer);
}
