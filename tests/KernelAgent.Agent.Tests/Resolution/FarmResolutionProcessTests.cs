using System.Text.Json.Nodes;
using KernelAgent.Agent.Tests.Demand;
using KernelAgent.Agent.Tests.Logging;
using KernelAgent.Agent.Tests.Service;

namespace KernelAgent.Agent.Tests.Resolution;

/// <summary>
/// The built agent (the shipped NativeAOT binary when the suite has it) with no store of its own asks the real farm
/// (<c>kernel-buildfarm serve</c>): the streamed Build call, the farm's read-only HTTP mirror and the verification of
/// what it fetched, in the binary users run. The farm already holds the artifact, signed with its own key, so it
/// answers at once without compiling.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FarmResolutionProcessTests : IDisposable
{
    private readonly AgentSandbox _sandbox = new();

    public FarmResolutionProcessTests()
    {
        if (!File.Exists(AgentProcess.Binary))
        {
            MissingComponent.SkipOrFail($"the kernel-agent binary {AgentProcess.Binary} does not exist");
        }
    }

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Once_NoStoreAndTheFarmHoldsTheArtifact_VerifiesItFromTheFarmsMirror()
    {
        await _sandbox.PublishAsync();
        var state = _sandbox.Join("farm", "state");
        CopyTree(_sandbox.Join("stores", "main"), Path.Join(state, "store"));
        // The sandbox's signing key becomes the farm's, so the farm trusts what the sandbox published as its own.
        Directory.CreateDirectory(Path.Join(state, "keys"));
        File.Copy(_sandbox.Join("farm-signing.pem"), Path.Join(state, "keys", "signing-key.pem"));
        var farmConfig = _sandbox.Join("farm", "farm.json");
        File.WriteAllText(farmConfig, "{}");
        await using var farm = await FarmServeProcess.StartAsync(farmConfig, state);
        var config = _sandbox.WriteConfig(new JsonObject
        {
            ["Stores"] = new JsonArray(),
            ["Farm"] = new JsonObject { ["Address"] = farm.Address, ["ReportDemand"] = false },
        });

        using var agent = AgentProcess.Start(["once", "--config", config], new Dictionary<string, string?>());

        Assert.True(0 == await agent.WaitForExitAsync(TimeSpan.FromMinutes(1)), $"{agent.Output}\nfarm:\n{farm.Output}");
        Assert.Contains("Succeeded: already published", agent.Output, StringComparison.Ordinal);
        Assert.Contains("verified: verified kagent_sample from farm", agent.Output, StringComparison.Ordinal);
        Assert.Single(Directory.GetDirectories(_sandbox.Join("cache")), folder => Path.GetFileName(folder) == _sandbox.Variant.ContentKey);
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Join(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
