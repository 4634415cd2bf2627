using System.Runtime.InteropServices;

namespace KernelAgent.Agent.Loading;

/// <summary>
/// System call numbers of finit_module and delete_module. glibc has no wrapper for either (init_module(2),
/// delete_module(2)) and musl's differ by version, so the agent calls them through libc's syscall(2).
/// </summary>
internal readonly record struct ModuleSyscallNumbers(nint FinitModule, nint DeleteModule)
{
    /// <summary>x86_64: arch/x86/entry/syscalls/syscall_64.tbl (176 delete_module, 313 finit_module).</summary>
    public static readonly ModuleSyscallNumbers X64 = new(FinitModule: 313, DeleteModule: 176);

    /// <summary>
    /// arm64 and the other architectures on the generic table: include/uapi/asm-generic/unistd.h
    /// (__NR_delete_module 106, __NR_finit_module 273).
    /// </summary>
    public static readonly ModuleSyscallNumbers Generic = new(FinitModule: 273, DeleteModule: 106);

    /// <summary>The numbers for <paramref name="architecture"/>, or null where the agent does not know them.</summary>
    public static ModuleSyscallNumbers? For(Architecture architecture) => architecture switch
    {
        Architecture.X64 => X64,
        Architecture.Arm64 or Architecture.RiscV64 or Architecture.LoongArch64 => Generic,
        _ => null,
    };
}
