using KernelAgent.Agent.Tests.Service;

namespace KernelAgent.Agent.Tests.Verification;

/// <summary>The shipped NativeAOT agent copied without the libsodium.so it ships with, as a broken install leaves it.</summary>
[Trait("Category", "Integration")]
public sealed class CryptoLibraryProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kernelagent-nosodium.").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact(Timeout = 60_000)]
    public async Task Verify_WithoutLibsodiumBesideTheAgent_ExitsTwoSayingWhatIsMissing()
    {
        var binary = AgentProcess.Binary;
        if (File.Exists(Path.ChangeExtension(binary, ".dll")))
        {
            // The apphost loads its assemblies and NSec's native asset from its own folder; only the single-file
            // NativeAOT agent can be copied alone.
            Assert.Skip($"{binary} is not the NativeAOT agent (set KA_TEST_AGENT_PUBLISH_DIR or KA_TEST_AGENT_BINARY)");
        }

        if (File.Exists("/usr/lib/x86_64-linux-gnu/libsodium.so") || File.Exists("/usr/lib/aarch64-linux-gnu/libsodium.so"))
        {
            Assert.Skip("this machine has a libsodium.so on the loader's path (libsodium-dev), so the agent finds one anyway");
        }

        var alone = Path.Join(_folder, "kernel-agent");
        File.Copy(binary, alone); // keeps the file mode on Linux
        var file = Path.Join(_folder, "module.ko");
        await File.WriteAllTextAsync(file, "not a module", TestContext.Current.CancellationToken);

        using var agent = AgentProcess.StartBinary(alone, ["verify", file, "--attestation", file, "--trusted-keys", _folder]);
        var exitCode = await agent.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exitCode);
        Assert.Contains("kernel-agent: cannot load libsodium", agent.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", agent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identity_WithoutLibsodium_StillWorks()
    {
        var binary = AgentProcess.Binary;
        if (File.Exists(Path.ChangeExtension(binary, ".dll")))
        {
            Assert.Skip($"{binary} is not the NativeAOT agent (set KA_TEST_AGENT_PUBLISH_DIR or KA_TEST_AGENT_BINARY)");
        }

        var alone = Path.Join(_folder, "kernel-agent");
        File.Copy(binary, alone);

        using var agent = AgentProcess.StartBinary(alone, ["identity", "--help"]);

        Assert.Equal(0, await agent.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }
}
