using KernelAgent.BuildFarm.Headers;

namespace KernelAgent.BuildFarm.Tests.Compilation;

/// <summary>A headers root with just a .config (and optionally a vmlinux), for tests that never run kbuild.</summary>
internal static class FakeKernelHeaders
{
    public static KernelHeaders Create(string root, string machine, string config, bool withVmlinux = false)
    {
        var release = machine == KernelMachine.Aarch64 ? "6.1.0-56-arm64" : "6.1.0-56-amd64";
        var buildDirectory = Path.Join(root, "usr", "src", $"linux-headers-{release}");
        Directory.CreateDirectory(buildDirectory);
        File.WriteAllText(Path.Join(buildDirectory, ".config"), config);
        if (withVmlinux)
        {
            File.WriteAllText(Path.Join(buildDirectory, "vmlinux"), "");
        }

        var target = new KernelTarget("debian", "12", machine, release, "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-10-30)");
        return new KernelHeaders(
            target, root, buildDirectory, Path.Join(root, "usr", "src", "linux-headers-6.1.0-56-common", "Makefile"),
            KernelConfig.ReadValue(Path.Join(buildDirectory, ".config"), "CONFIG_CC_VERSION_TEXT"), [], 0);
    }

    /// <summary>A folder of empty executables standing in for the named programs.</summary>
    public static string FakeToolFolder(string parent, params string[] programs)
    {
        var folder = Path.Join(parent, "bin");
        Directory.CreateDirectory(folder);
        foreach (var program in programs)
        {
            var path = Path.Join(folder, program);
            File.WriteAllText(path, "");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            }
        }

        return folder;
    }
}
