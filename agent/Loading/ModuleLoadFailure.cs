namespace KernelAgent.Agent.Loading;

/// <summary>Why a module did not load, as far as the caller can act on it (exit codes, STATUS= lines).</summary>
public enum ModuleLoadFailure
{
    /// <summary>An errno this table does not classify; the message carries strerror's text.</summary>
    Other,

    /// <summary>EKEYREJECTED, ENOKEY, EBADMSG, ENOPKG: the kernel refused the module's signature.</summary>
    SignatureRejected,

    /// <summary>ENOEXEC: not a module for this kernel (vermagic, symbol versions or ELF format differ).</summary>
    WrongFormat,

    /// <summary>EPERM: no CAP_SYS_MODULE, kernel lockdown, or module loading disabled.</summary>
    NotPermitted,

    /// <summary>ENOENT from finit_module: the module needs a symbol the running kernel does not export.</summary>
    UnknownSymbol,

    /// <summary>EINVAL: the kernel refused the module or its parameters.</summary>
    InvalidModuleOrParameters,

    /// <summary>EBUSY, ETXTBSY: another load or unload is in progress, or the file is being written.</summary>
    Busy,

    /// <summary>ENOMEM: the kernel ran out of memory.</summary>
    OutOfMemory,

    /// <summary>EFAULT: the kernel could not read the call's arguments (a bug in the agent).</summary>
    BadAddress,

    /// <summary>EFBIG: the module file is larger than the kernel accepts.</summary>
    TooLarge,

    /// <summary>ENOSYS: the kernel has no module support, or a seccomp filter blocks the call.</summary>
    NotSupported,

    /// <summary>The module file could not be opened or read.</summary>
    FileUnreadable,

    /// <summary>The opened file's sha256 is not the verified module's: it changed after verification.</summary>
    DigestMismatch,

    /// <summary>The list of loaded modules (<c>proc/modules</c> under the host root) could not be read.</summary>
    LoadedModulesUnreadable,

    /// <summary>The process runs on a CPU architecture whose syscall numbers the agent does not know.</summary>
    UnsupportedArchitecture,

    /// <summary>A module set's dependencies cannot be met: a cycle, or a module neither in the set nor already loaded.</summary>
    UnmetDependency,
}
