namespace KernelAgent.Agent.Loading;

/// <summary>
/// What finit_module(2) and delete_module(2) errors mean for the person reading the log, and what to do.
/// The causes come from the init_module(2) and delete_module(2) manual pages and the kernel's module
/// loader (kernel/module/main.c, kernel/module/signing.c: with module.sig_enforce an unsigned module or one
/// signed by an unknown key is refused with EKEYREJECTED; under lockdown without sig_enforce, with EPERM).
/// </summary>
internal static class ModuleLoadErrors
{
    /// <summary>Classifies a finit_module(2) errno and says what to do; unknown values get strerror's text.</summary>
    public static (ModuleLoadFailure Failure, string Advice) DescribeLoad(int errno) => errno switch
    {
        ModuleErrno.EKEYREJECTED => (ModuleLoadFailure.SignatureRejected,
            "the kernel refused the module signature: enroll the farm's kernel-signing key (MOK) or enable kernel signing on the farm"),
        ModuleErrno.ENOKEY => (ModuleLoadFailure.SignatureRejected,
            "the module is signed by a key the kernel does not trust: enroll the farm's kernel-signing key (MOK) on this host"),
        ModuleErrno.EBADMSG => (ModuleLoadFailure.SignatureRejected,
            "the module's kernel signature is malformed: rebuild and re-sign the module on the farm"),
        ModuleErrno.ENOPKG => (ModuleLoadFailure.SignatureRejected,
            "the module's kernel signature uses a hash or key type this kernel lacks: sign with a sha256 RSA key on the farm"),
        ModuleErrno.ENOEXEC => (ModuleLoadFailure.WrongFormat,
            "the kernel says the module has the wrong format: it was built for another kernel (vermagic or symbol " +
            "versions differ) or another architecture; see dmesg, and check that the artifact's variant is this host's"),
        ModuleErrno.EPERM => (ModuleLoadFailure.NotPermitted,
            "the kernel does not permit this load: either kernel lockdown (Secure Boot) refuses modules without a trusted " +
            "kernel signature (enable kernel signing on the farm and enroll its key), or the agent lacks CAP_SYS_MODULE " +
            "(run it as root; check the unit's CapabilityBoundingSet), or module loading is disabled (kernel.modules_disabled=1)"),
        ModuleErrno.ENOENT => (ModuleLoadFailure.UnknownSymbol,
            "the module needs a symbol the running kernel does not export (unknown symbol): dmesg names it; the module " +
            "depends on another module that is not loaded, or was built for another kernel configuration"),
        ModuleErrno.EINVAL => (ModuleLoadFailure.InvalidModuleOrParameters,
            "the kernel refused the module or its parameters: check the configured module parameters (names, value " +
            "types) and see dmesg for the kernel's reason"),
        ModuleErrno.EBUSY => (ModuleLoadFailure.Busy,
            "the kernel is busy with a module of this name (a load or unload is in progress, or a symbol lookup " +
            "timed out): retry in a moment"),
        ModuleErrno.ETXTBSY => (ModuleLoadFailure.Busy,
            "the module file is open for writing by another process: retry once the writer has finished"),
        ModuleErrno.ENOMEM => (ModuleLoadFailure.OutOfMemory,
            "the kernel ran out of memory while loading the module: free memory and retry"),
        ModuleErrno.EFAULT => (ModuleLoadFailure.BadAddress,
            "the kernel could not read the arguments kernel-agent passed to finit_module: this is a bug in kernel-agent, please report it"),
        ModuleErrno.EFBIG => (ModuleLoadFailure.TooLarge,
            "the module file is larger than the kernel accepts"),
        ModuleErrno.ENOSYS => (ModuleLoadFailure.NotSupported,
            "this kernel cannot load modules (built without CONFIG_MODULES) or a seccomp filter blocks finit_module"),
        _ => (ModuleLoadFailure.Other, System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno)),
    };

    /// <summary>Says what a delete_module(2) errno means; unknown values get strerror's text.</summary>
    public static string DescribeUnload(int errno) => errno switch
    {
        ModuleErrno.EWOULDBLOCK =>
            "the module is in use (its reference count is not zero, or other modules depend on it): stop its users first",
        ModuleErrno.EBUSY =>
            "the module is still initialising or already being removed, or it has no exit function and cannot be unloaded",
        ModuleErrno.EPERM =>
            "the agent lacks CAP_SYS_MODULE, or module unloading is disabled (kernel.modules_disabled=1 or no CONFIG_MODULE_UNLOAD)",
        ModuleErrno.EFAULT =>
            "the kernel could not read the module name kernel-agent passed: this is a bug in kernel-agent, please report it",
        _ => System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno),
    };
}
