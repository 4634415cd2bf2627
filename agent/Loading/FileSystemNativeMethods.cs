using System.Runtime.InteropServices;

namespace KernelAgent.Agent.Loading;

/// <summary>
/// Flushing a directory entry to disk: .NET cannot open a directory as a file, so fsync(2) on a folder goes
/// through libc. Without it a rename survives a crash only if the file system happens to write the folder back.
/// </summary>
internal static partial class FileSystemNativeMethods
{
    /// <summary>O_CLOEXEC from include/uapi/asm-generic/fcntl.h (02000000), the same on x86_64 and arm64; O_RDONLY is 0.</summary>
    private const int OReadOnlyCloseOnExec = 0x80000;

    /// <summary>Some file systems cannot fsync a directory and say EINVAL (fsync(2)); there is nothing more to flush then.</summary>
    private const int EINVAL = 22;

    /// <summary>fsync(2) of <paramref name="folder"/>, so renames and deletions in it are durable.</summary>
    /// <exception cref="IOException">The folder could not be opened or flushed.</exception>
    public static void SyncDirectory(string folder)
    {
        var descriptor = Open(folder, OReadOnlyCloseOnExec);
        if (descriptor < 0)
        {
            throw new IOException($"cannot open folder {folder} to flush it: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        try
        {
            if (Fsync(descriptor) != 0 && Marshal.GetLastPInvokeError() is var errno && errno != EINVAL)
            {
                throw new IOException($"cannot flush folder {folder} to disk: {Marshal.GetPInvokeErrorMessage(errno)}");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
