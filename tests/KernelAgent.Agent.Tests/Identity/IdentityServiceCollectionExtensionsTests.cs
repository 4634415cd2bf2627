using KernelAgent.Agent.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelAgent.Agent.Tests.Identity;

public sealed class IdentityServiceCollectionExtensionsTests
{
    [Fact]
    public void AddHostIdentity_ConfiguredRoot_ProbeAndScannerReadThatRoot()
    {
        using var host = FixtureHost.From("amzn-2023");
        var services = new ServiceCollection()
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddHostIdentity()
            .Configure<HostRootOptions>(options => options.Path = host.Path)
            .Configure<KernelIdentityProbeOptions>(options => options.Machine = "x86_64");
        using var provider = services.BuildServiceProvider();

        var identity = provider.GetRequiredService<IKernelIdentityProbe>().Probe();

        Assert.Equal(host.Path, provider.GetRequiredService<HostRoot>().Path);
        Assert.Equal("6.1.66-91.160.amzn2023.x86_64", identity.Kernel.KernelRelease);
        Assert.Empty(provider.GetRequiredService<IInstalledKernelScanner>().Scan(identity.Kernel.KernelRelease));
    }
}
