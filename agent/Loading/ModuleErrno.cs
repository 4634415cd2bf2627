namespace KernelAgent.Agent.Loading;

/// <summary>
/// The errno values finit_module(2) and delete_module(2) report, with their numbers from the kernel's
/// include/uapi/asm-generic/errno-base.h and errno.h (the numbering x86_64 and arm64 share).
/// </summary>
internal static class ModuleErrno
{
    /// <summary>errno-base.h: Operation not permitted.</summary>
    public const int EPERM = 1;

    /// <summary>errno-base.h: No such file or directory (finit_module: an unknown symbol).</summary>
    public const int ENOENT = 2;

    /// <summary>errno-base.h: Exec format error.</summary>
    public const int ENOEXEC = 8;

    /// <summary>errno-base.h: Bad file number.</summary>
    public const int EBADF = 9;

    /// <summary>errno-base.h: Try again; errno.h defines EWOULDBLOCK as EAGAIN.</summary>
    public const int EWOULDBLOCK = 11;

    /// <summary>errno-base.h: Out of memory.</summary>
    public const int ENOMEM = 12;

    /// <summary>errno-base.h: Bad address.</summary>
    public const int EFAULT = 14;

    /// <summary>errno-base.h: Device or resource busy.</summary>
    public const int EBUSY = 16;

    /// <summary>errno-base.h: File exists.</summary>
    public const int EEXIST = 17;

    /// <summary>errno-base.h: Invalid argument.</summary>
    public const int EINVAL = 22;

    /// <summary>errno-base.h: Text file busy.</summary>
    public const int ETXTBSY = 26;

    /// <summary>errno-base.h: File too large.</summary>
    public const int EFBIG = 27;

    /// <summary>errno.h: Invalid system call number.</summary>
    public const int ENOSYS = 38;

    /// <summary>errno.h: Package not installed (module signing: unsupported crypto).</summary>
    public const int ENOPKG = 65;

    /// <summary>errno.h: Not a data message (module signing: malformed signature).</summary>
    public const int EBADMSG = 74;

    /// <summary>errno.h: Required key not available.</summary>
    public const int ENOKEY = 126;

    /// <summary>errno.h: Key was rejected by service.</summary>
    public const int EKEYREJECTED = 129;

    /// <summary>The symbolic name of <paramref name="errno"/>, or "errno N" for one this table does not know.</summary>
    public static string Name(int errno) => errno switch
    {
        EPERM => nameof(EPERM),
        ENOENT => nameof(ENOENT),
        ENOEXEC => nameof(ENOEXEC),
        EBADF => nameof(EBADF),
        EWOULDBLOCK => nameof(EWOULDBLOCK),
        ENOMEM => nameof(ENOMEM),
        EFAULT => nameof(EFAULT),
        EBUSY => nameof(EBUSY),
        EEXIST => nameof(EEXIST),
        EINVAL => nameof(EINVAL),
        ETXTBSY => nameof(ETXTBSY),
        EFBIG => nameof(EFBIG),
        ENOSYS => nameof(ENOSYS),
        ENOPKG => nameof(ENOPKG),
        EBADMSG => nameof(EBADMSG),
        ENOKEY => nameof(ENOKEY),
        EKEYREJECTED => nameof(EKEYREJECTED),
        _ => "errno " + errno.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
