using KernelAgent.Agent.Identity;
using KernelAgent.Agent.Loading;
using KernelAgent.Agent.Service;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Tests.Service;

/// <summary>Relative paths in the agent's configuration mean the working folder at start, everywhere they are used.</summary>
public sealed class AgentPathsTests
{
    [Fact]
    public void AddKernelAgent_RelativePaths_AreAbsoluteInEveryOptionsThatUsesThem()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Agent:HostRoot"] = "host",
            ["Agent:TrustedKeysDirectory"] = "keys",
            ["Agent:CacheDirectory"] = "./cache",
            ["Agent:StateDirectory"] = "../state",
            ["Agent:Stores:0"] = "store",
            ["Agent:Stores:1"] = "https://mirror.invalid/store",
        }).Build();
        // Only the paths are under test here: the validator would also ask for a driver and existing folders.
        using var services = new ServiceCollection().AddLogging().AddKernelAgent(configuration)
            .RemoveAll<IValidateOptions<AgentOptions>>().BuildServiceProvider();

        var agent = services.GetRequiredService<IOptions<AgentOptions>>().Value;

        var cwd = Environment.CurrentDirectory;
        Assert.Equal(Path.Join(cwd, "host"), agent.HostRoot);
        Assert.Equal(Path.Join(cwd, "keys"), agent.TrustedKeysDirectory);
        Assert.Equal(Path.Join(cwd, "cache"), agent.CacheDirectory);
        Assert.Equal(Path.GetFullPath(Path.Join(cwd, "..", "state")), agent.StateDirectory);
        Assert.Equal([Path.Join(cwd, "store"), "https://mirror.invalid/store"], agent.Stores);
        Assert.Equal(agent.HostRoot, services.GetRequiredService<IOptions<HostRootOptions>>().Value.Path);
        Assert.Equal(agent.HostRoot, services.GetRequiredService<IOptions<ModuleLoaderOptions>>().Value.HostRoot);
        var installer = services.GetRequiredService<IOptions<ModuleInstallerOptions>>().Value;
        Assert.Equal((agent.HostRoot, agent.StateDirectory), (installer.HostRoot, installer.StateDirectory));
    }
}
