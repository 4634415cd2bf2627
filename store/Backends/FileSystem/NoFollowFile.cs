using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace KernelAgent.Store.Backends.FileSystem;

/// <summary>
/// Opens a key below a store's root one segment at a time with openat(2) and O_NOFOLLOW, so that no symbolic
/// link anywhere below the root is followed, even one swapped in while the key is being opened, and accepts
/// only a regular file (checked on the open descriptor, not the name). .NET offers none of this.
/// </summary>
internal static partial class NoFollowFile
{
    private const int ENOENT = 2;
    private const int ENXIO = 6;
    private const int EACCES = 13;
    private const int ENOTDIR = 20;
    private const int ENAMETOOLONG = 36;
    private const int ELOOP = 40;
    private const int EPERM = 1;

    private const int O_RDONLY = 0;
    private const int O_NONBLOCK = 0x800;
    private const int O_CLOEXEC = 0x80000;
    private const int O_PATH = 0x200000;

    private const int AT_EMPTY_PATH = 0x1000;
    private const int AT_FDCWD = -100;
    private const int AT_SYMLINK_NOFOLLOW = 0x100;
    private const uint STATX_BASIC_STATS = 0x7ff;
    private const uint STATX_TYPE = 0x1;
    private const ushort S_IFMT = 0xF000;
    private const ushort S_IFREG = 0x8000;

    // arm64 is the one supported architecture whose fcntl.h differs from asm-generic for these two.
    private static readonly bool _arm64 = RuntimeInformation.ProcessArchitecture == Architecture.Arm64;
    private static readonly int O_DIRECTORY = _arm64 ? 0x4000 : 0x10000;
    private static readonly int O_NOFOLLOW = _arm64 ? 0x8000 : 0x20000;

    /// <summary>
    /// The open regular file <paramref name="key"/> names below <paramref name="root"/> (which itself may be
    /// reached through links), or an error: <see cref="StoreErrorKind.NotFound"/> for anything that is not a
    /// regular file reached without a link (missing, a directory, a link, a FIFO, a name too long).
    /// </summary>
    public static SafeFileHandle OpenRegular(Uri store, string root, string key)
    {
        var folder = Open(-1, root, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (folder < 0)
        {
            throw Failure(store, key, Marshal.GetLastPInvokeError());
        }

        var segments = key.Split('/');
        try
        {
            for (var i = 0; i < segments.Length - 1; i++)
            {
                var next = Open(folder, segments[i], O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                var errno = Marshal.GetLastPInvokeError();
                Close(folder);
                folder = next;
                if (folder < 0)
                {
                    throw Failure(store, key, errno);
                }
            }

            // O_NONBLOCK: a FIFO placed in the store must not hang the reader before the type check refuses it.
            var file = Open(folder, segments[^1], O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
            if (file < 0)
            {
                throw Failure(store, key, Marshal.GetLastPInvokeError());
            }

            var handle = new SafeFileHandle(file, ownsHandle: true);
            if (Statx(file, "", AT_EMPTY_PATH, STATX_TYPE, out var status) != 0 || (status.Mode & S_IFMT) != S_IFREG)
            {
                handle.Dispose();
                throw new StoreException(StoreErrorKind.NotFound, store, key, "not a regular file");
            }

            return handle;
        }
        finally
        {
            if (folder >= 0)
            {
                Close(folder);
            }
        }
    }

    /// <summary>
    /// The version of the object at <paramref name="path"/> without following a final link: device, inode, type,
    /// size, and modification and change times to the nanosecond. Any write, rename over it or metadata change gives
    /// another text (the change time cannot be set back by a writer). A link or an intermediate link yields the
    /// version of what is there, never that of a verified file unless it is that very file.
    /// </summary>
    public static string Version(Uri store, string path, string key)
    {
        if (Statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, out var s) != 0)
        {
            throw Failure(store, key, Marshal.GetLastPInvokeError());
        }

        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{s.DevMajor}:{s.DevMinor}:{s.Inode}:{s.Mode}:{s.Size}:{s.ModifiedSeconds}.{s.ModifiedNanoseconds}:{s.ChangedSeconds}.{s.ChangedNanoseconds}");
    }

    private static StoreException Failure(Uri store, string key, int errno) => errno switch
    {
        ENOENT or ENOTDIR or ELOOP or ENAMETOOLONG or ENXIO =>
            new StoreException(StoreErrorKind.NotFound, store, key, errno == ELOOP ? "a symbolic link is never followed" : "no such object"),
        EACCES or EPERM => new StoreException(StoreErrorKind.AccessDenied, store, key, Marshal.GetPInvokeErrorMessage(errno)),
        _ => new StoreException(StoreErrorKind.Failed, store, key, Marshal.GetPInvokeErrorMessage(errno)),
    };

    /// <summary>openat(2); a dirfd of -1 with an absolute path behaves as open(2).</summary>
    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(int dirFd, string path, int flags);

    /// <summary>close(2); its error is of no use on a descriptor only read from.</summary>
    [LibraryImport("libc", EntryPoint = "close")]
    private static partial void Close(int fd);

    /// <summary>statx(2): unlike fstat, its buffer has one layout on every architecture.</summary>
    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, out StatxBuffer buffer);

    /// <summary>struct statx (linux/stat.h): 256 bytes; the fields read here.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(28)]
        public ushort Mode;

        [FieldOffset(32)]
        public ulong Inode;

        [FieldOffset(40)]
        public ulong Size;

        [FieldOffset(96)]
        public long ChangedSeconds;

        [FieldOffset(104)]
        public uint ChangedNanoseconds;

        [FieldOffset(112)]
        public long ModifiedSeconds;

        [FieldOffset(120)]
        public uint ModifiedNanoseconds;

        [FieldOffset(136)]
        public uint DevMajor;

        [FieldOffset(140)]
        public uint DevMinor;
    }
}
