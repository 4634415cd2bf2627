using KernelAgent.Agent.Loading;

namespace KernelAgent.Agent.Tests.Loading;

public sealed class ModuleLoadErrorsTests
{
    private const string Module = "kagent_sample";
    private const string ModulePath = "/lib/modules/6.1.0-56-amd64/extra/kagent_sample.ko";

    [Theory]
    [InlineData(129, "EKEYREJECTED", ModuleLoadFailure.SignatureRejected,
        "the kernel refused the module signature: enroll the farm's kernel-signing key (MOK) or enable kernel signing on the farm")]
    [InlineData(126, "ENOKEY", ModuleLoadFailure.SignatureRejected, "enroll the farm's kernel-signing key (MOK)")]
    [InlineData(74, "EBADMSG", ModuleLoadFailure.SignatureRejected, "signature is malformed")]
    [InlineData(65, "ENOPKG", ModuleLoadFailure.SignatureRejected, "hash or key type this kernel lacks")]
    [InlineData(8, "ENOEXEC", ModuleLoadFailure.WrongFormat, "built for another kernel")]
    [InlineData(1, "EPERM", ModuleLoadFailure.NotPermitted, "lockdown")]
    [InlineData(2, "ENOENT", ModuleLoadFailure.UnknownSymbol, "unknown symbol): dmesg names it")]
    [InlineData(22, "EINVAL", ModuleLoadFailure.InvalidModuleOrParameters, "check the configured module parameters")]
    [InlineData(16, "EBUSY", ModuleLoadFailure.Busy, "retry")]
    [InlineData(26, "ETXTBSY", ModuleLoadFailure.Busy, "open for writing")]
    [InlineData(12, "ENOMEM", ModuleLoadFailure.OutOfMemory, "out of memory")]
    [InlineData(14, "EFAULT", ModuleLoadFailure.BadAddress, "bug in kernel-agent")]
    [InlineData(27, "EFBIG", ModuleLoadFailure.TooLarge, "larger than the kernel accepts")]
    [InlineData(38, "ENOSYS", ModuleLoadFailure.NotSupported, "CONFIG_MODULES")]
    public void FromErrno_KnownErrno_ClassifiesAndAdvises(int errno, string errnoName, ModuleLoadFailure failure, string advice)
    {
        var error = ModuleLoadException.FromErrno(Module, ModulePath, errno);

        Assert.Equal(failure, error.Failure);
        Assert.Equal(errno, error.Errno);
        Assert.Equal(errnoName, error.ErrnoName);
        Assert.Contains(advice, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"cannot load module '{Module}' from {ModulePath}: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"(finit_module: {errnoName}, errno {errno})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromErrno_EPerm_NamesCapabilityAndLockdown()
    {
        var error = ModuleLoadException.FromErrno(Module, ModulePath, 1);

        Assert.Contains("CAP_SYS_MODULE", error.Message, StringComparison.Ordinal);
        Assert.Contains("lockdown", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromErrno_UnclassifiedErrno_UsesStrerror()
    {
        // ENOSPC (28, errno-base.h): nothing module-specific to say, so strerror's text is the message.
        var error = ModuleLoadException.FromErrno(Module, ModulePath, 28);

        Assert.Equal(ModuleLoadFailure.Other, error.Failure);
        Assert.Contains("No space left on device", error.Message, StringComparison.Ordinal);
        Assert.Contains("errno 28", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(11, "EWOULDBLOCK", "in use")]
    [InlineData(16, "EBUSY", "cannot be unloaded")]
    [InlineData(1, "EPERM", "CAP_SYS_MODULE")]
    [InlineData(14, "EFAULT", "bug in kernel-agent")]
    [InlineData(5, "errno 5", "Input/output error")]
    public void ModuleUnloadException_Errno_SaysWhyAndWhatToDo(int errno, string errnoName, string advice)
    {
        var error = new ModuleUnloadException(Module, errno);

        Assert.Equal(errnoName, error.ErrnoName);
        Assert.StartsWith($"cannot unload module '{Module}': ", error.Message, StringComparison.Ordinal);
        Assert.Contains(advice, error.Message, StringComparison.Ordinal);
    }
}
