using KernelAgent.Agent.Tests.Verification;
using KernelAgent.Store.Variants;

namespace KernelAgent.Agent.Tests.Resolution;

/// <summary>The host identity the resolution and service tests run as, and kernel modules shaped for it.</summary>
internal static class TestModules
{
    public const string DriverName = "kagent_sample";
    public const string DriverVersion = "1.0.0";
    public const string Release = "6.1.0-56-amd64";
    public const string SrcVersion = "3C1E2A2F0D5B7E1A9C4B6D8";

    public static KernelIdentity Kernel { get; } = new(
        "debian", "12", "x86_64", Release, "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-10-30)");

    public static DriverIdentity Driver { get; } = new(DriverName, DriverVersion);

    public static ArtifactVariant Variant { get; } = ArtifactVariant.Create(Kernel, Driver);

    /// <summary>
    /// A module ELF for <paramref name="arch"/> (uname -m) whose .modinfo names the driver and the vermagic of
    /// <paramref name="release"/>; <paramref name="build"/> changes the bytes (a rebuild), nothing else.
    /// </summary>
    public static byte[] Module(string release = Release, int build = 1, string arch = "x86_64") => Named(DriverName, string.Empty, release, build, arch);

    /// <summary>A module ELF called <paramref name="name"/> whose .modinfo <c>depends=</c> is <paramref name="depends"/>.</summary>
    public static byte[] Named(string name, string depends, string release = Release, int build = 1, string arch = "x86_64") =>
        new ElfModuleBuilder { Machine = arch == "aarch64" ? ElfModuleBuilder.AArch64 : ElfModuleBuilder.X86_64 }
            .WithModinfo(
                "version=" + DriverVersion,
                "description=KernelAgent sample driver, build " + build,
                "license=GPL",
                "srcversion=" + SrcVersion,
                "depends=" + depends,
                "name=" + name,
                $"vermagic={release} SMP preempt mod_unload modversions ")
            .Build();
}
