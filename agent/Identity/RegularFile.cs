using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace KernelAgent.Agent.Identity;

/// <summary>
/// Opens a host file for reading only when it is a regular file. .NET's FileStream opens a FIFO with a blocking
/// open(2), which waits for a writer forever, and would read a device as a stream; identity files are never
/// either, so the type is checked before opening (statx), the open itself cannot block (O_NONBLOCK), and the type
/// is checked again on the opened descriptor, so a file swapped in between is refused too.
/// </summary>
internal static partial class RegularFile
{
    // Linux uapi values, the same on x86_64 and arm64 (asm-generic/fcntl.h, linux/stat.h, linux/fcntl.h).
    private const int OpenFlags = 0x800 /* O_NONBLOCK */ | 0x100 /* O_NOCTTY */ | 0x80000 /* O_CLOEXEC */;
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1;

    // struct statx is laid out identically on every architecture: stx_mode is a __u16 at byte 0x1c of 256.
    private const int StatxBufferSize = 256;
    private const int StatxModeOffset = 0x1c;

    private const int ENOENT = 2;
    private const int EACCES = 13;
    private const int ENOTDIR = 20;

    /// <summary>A read-only stream over <paramref name="path"/>, or null when it does not exist.</summary>
    /// <exception cref="NotARegularFileException">It exists but is a FIFO, a device, a socket or a directory.</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    /// <exception cref="IOException">Any other failure, with the system's message.</exception>
    public static FileStream? OpenRead(string path)
    {
        if (TypeOf(AtFdCwd, path, 0) is not { } type)
        {
            return null;
        }

        RequireRegular(type);
        var descriptor = Open(path, OpenFlags);
        if (descriptor < 0)
        {
            ThrowUnlessMissing(Marshal.GetLastPInvokeError(), path);
            return null;
        }

        var handle = new SafeFileHandle(descriptor, ownsHandle: true);
        try
        {
            RequireRegular(TypeOf(descriptor, string.Empty, AtEmptyPath) ?? 0);
            return new FileStream(handle, FileAccess.Read, bufferSize: 0);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The S_IFMT bits of a path or descriptor, or null when the path does not exist.</summary>
    private static unsafe int? TypeOf(int directory, string path, int flags)
    {
        var buffer = stackalloc byte[StatxBufferSize];
        if (Statx(directory, path, flags, StatxType, buffer) != 0)
        {
            ThrowUnlessMissing(Marshal.GetLastPInvokeError(), path);
            return null;
        }

        return *(ushort*)(buffer + StatxModeOffset) & 0xF000;
    }

    private static void RequireRegular(int type)
    {
        var what = type switch
        {
            0x8000 => null,
            0x1000 => "a FIFO (named pipe)",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0x4000 => "a directory",
            0xC000 => "a socket",
            _ => $"not a regular file (type 0{type >> 12:o})",
        };
        if (what is not null)
        {
            throw new NotARegularFileException(what);
        }
    }

    /// <summary>Returns for "does not exist"; throws for every other errno.</summary>
    private static void ThrowUnlessMissing(int errno, string path)
    {
        switch (errno)
        {
            case ENOENT or ENOTDIR:
                return;
            case EACCES:
                throw new UnauthorizedAccessException($"{path}: {Marshal.GetPInvokeErrorMessage(errno)}");
            default:
                throw new IOException($"{path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int directory, string path, int flags, uint mask, byte* buffer);
}
