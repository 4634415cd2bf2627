using System.Globalization;
using System.Runtime.InteropServices;
using static KernelAgent.Journald.LoggingNativeMethods;

namespace KernelAgent.Journald;

/// <summary>
/// Device and inode of an open descriptor, the pair systemd puts in JOURNAL_STREAM as
/// <c>"&lt;st_dev&gt;:&lt;st_ino&gt;"</c> when stdout or stderr is connected to the journal (systemd.exec(5)).
/// </summary>
public readonly record struct StreamIdentity(ulong Device, ulong Inode)
{
    public const int StandardOutput = 1;
    public const int StandardError = 2;

    /// <summary>Parses JOURNAL_STREAM; null when unset or malformed.</summary>
    public static StreamIdentity? Parse(string? journalStream)
    {
        var separator = journalStream?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (separator <= 0
            || !ulong.TryParse(journalStream.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var device)
            || !ulong.TryParse(journalStream.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
        {
            return null;
        }

        return new StreamIdentity(device, inode);
    }

    /// <summary>statx(2) of an open descriptor; null when closed, or not on Linux.</summary>
    public static unsafe StreamIdentity? Of(int fd)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var buffer = stackalloc byte[StatxBufferSize];
        if (Statx(fd, string.Empty, AtEmptyPath, StatxBasicStats, buffer) != 0)
        {
            return null;
        }

        var stat = new ReadOnlySpan<byte>(buffer, StatxBufferSize);
        var inode = MemoryMarshal.Read<ulong>(stat[StatxInodeOffset..]);
        var major = MemoryMarshal.Read<uint>(stat[StatxDeviceMajorOffset..]);
        var minor = MemoryMarshal.Read<uint>(stat[StatxDeviceMinorOffset..]);
        return new StreamIdentity(MakeDevice(major, minor), inode);
    }

    /// <summary>glibc's makedev(3) encoding of dev_t, the form st_dev and JOURNAL_STREAM use.</summary>
    public static ulong MakeDevice(uint major, uint minor) =>
        ((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0x00000fff) << 8)
        | ((ulong)(minor & 0xffffff00) << 12) | (minor & 0x000000ff);

    public override string ToString() =>
        Device.ToString(CultureInfo.InvariantCulture) + ":" + Inode.ToString(CultureInfo.InvariantCulture);
}
