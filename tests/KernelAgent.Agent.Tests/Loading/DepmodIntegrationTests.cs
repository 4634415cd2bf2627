using KernelAgent.Agent.Loading;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Tests.Loading;

/// <summary>The installer with the real depmod (Debian package kmod), confined to a throwaway host root by -b.</summary>
[Trait("Category", "Integration")]
public sealed class DepmodIntegrationTests : IDisposable
{
    private const string Release = "6.1.0-56-amd64";
    private const string Depmod = "/usr/sbin/depmod";

    private readonly TempHostRoot _host = new();
    private readonly TempHostRoot _state = new();

    public DepmodIntegrationTests()
    {
        // What a Debian kernel package ships beside its modules; depmod reads these three.
        _host.WriteFile($"lib/modules/{Release}/modules.order", "kernel/lib/crc16.ko\n");
        _host.WriteFile($"lib/modules/{Release}/modules.builtin", "kernel/fs/ext4/ext4.ko\n");
        _host.WriteFile($"lib/modules/{Release}/modules.builtin.modinfo", "ext4.description=Fourth Extended Filesystem\0");
        _host.WriteFile($"lib/modules/{Release}/kernel/lib/crc16.ko", MinimalModuleElf.Build("license=GPL\nname=crc16"));
    }

    public void Dispose()
    {
        _host.Dispose();
        _state.Dispose();
    }

    [Fact]
    public async Task InstallAsync_RealDepmod_IndexesModuleUnderUpdatesDkms()
    {
        RequireDepmod();
        var options = Options.Create(new ModuleInstallerOptions { HostRoot = _host.Path, StateDirectory = _state.Path, DepmodPath = Depmod });
        var installer = new ModuleInstaller(options, new InstalledModuleStore(options), TimeProvider.System, NullLogger<ModuleInstaller>.Instance);
        var module = MinimalModuleElf.Build($"version=1.0.0\nlicense=GPL\nsrcversion=8A9B2C3D4E5F60718293A4B\nname=kagent_sample\nvermagic={Release} SMP preempt mod_unload modversions ");

        var result = await installer.InstallAsync(
            new ModuleInstallRequest("kagent_sample", Release, module, new string('b', 64), new string('c', 64)),
            TestContext.Current.CancellationToken);

        var index = File.ReadAllLines(_host.Join($"lib/modules/{Release}/modules.dep"));
        Assert.True(result.DepmodRan);
        Assert.Contains("updates/dkms/kagent_sample.ko:", index);
        Assert.Contains("kernel/lib/crc16.ko:", index);
        Assert.True(File.Exists(_host.Join($"lib/modules/{Release}/modules.dep.bin")));

        var again = await installer.InstallAsync(
            new ModuleInstallRequest("kagent_sample", Release, module, new string('b', 64), new string('c', 64)),
            TestContext.Current.CancellationToken);
        Assert.False(again.DepmodRan);
    }

    private static void RequireDepmod()
    {
        if (File.Exists(Depmod))
        {
            return;
        }

        var why = $"{Depmod} is missing: install the Debian package kmod";
        Assert.False(Environment.GetEnvironmentVariable("CI") == "true", why);
        Assert.Skip(why);
    }
}
