using System.Text.Json;
using System.Text.Json.Nodes;
using KernelAgent.Agent.Tests.Service;

namespace KernelAgent.Agent.Tests.Demand;

/// <summary>
/// The real agent (<c>kernel-agent once</c>) reports to the real farm (<c>kernel-buildfarm serve</c>), both as
/// processes: the farm writes the demand to its store, and <c>kernel-buildfarm matrix plan</c> with a policy whose
/// release window leaves the reported kernel out adds it as a hot-set entry.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DemandReportIntegrationTests : IDisposable
{
    private const string OldRelease = "6.1.0-50-amd64";
    private const string OldBuild = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.150-1 (2026-06-01)";
    private const string NewRelease = "6.1.0-60-amd64";

    private readonly AgentSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Once_InstalledKernelOutsideTheWindow_ReachesTheFarmsStoreAndThePlansHotSet()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var farm = await PrepareAsync();

        using (var agent = AgentProcess.Start(["once", "--config", AgentConfig(farm)], new Dictionary<string, string?>()))
        {
            Assert.True(0 == await agent.WaitForExitAsync(TimeSpan.FromMinutes(1)), agent.Output);
            Assert.Contains($"told the build farm of 1 installed and 0 missed kernels ({OldRelease}); it recorded 1", agent.Output, StringComparison.Ordinal);
        }

        var demand = await WaitForDemandAsync(farm, cancel);
        var kernel = Assert.Single(demand.RootElement.GetProperty("kernels").EnumerateArray());
        Assert.Equal((OldRelease, OldBuild, _sandbox.Kernel.Arch, false), (kernel.GetProperty("release").GetString(), kernel.GetProperty("build").GetString(),
            kernel.GetProperty("arch").GetString(), kernel.GetProperty("missed").GetBoolean()));
        Assert.Single(kernel.GetProperty("hosts").EnumerateArray());

        var (exitCode, output, error) = await farm.RunAsync("matrix", "plan", "--policy", WritePolicy(), "--catalog", WriteCatalog(), "--json");

        Assert.True(exitCode == 0, $"matrix plan exited with {exitCode}: {error}\n{output}");
        using var plan = JsonDocument.Parse(output);
        var added = plan.RootElement.GetProperty("added").EnumerateArray()
            .Select(e => (e.GetProperty("kernelRelease").GetString(), e.GetProperty("source").GetString(), string.Join(",", e.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()))))
            .Order()
            .ToList();
        Assert.Equal([(OldRelease, "demand", "demand"), (NewRelease, "policy", "new kernel")], added);
    }

    [Fact]
    public async Task Run_PassSucceeded_ReportsWithoutWaitingForTheInterval()
    {
        await using var farm = await PrepareAsync();

        using var agent = AgentProcess.Start(["run", "--config", AgentConfig(farm)], new Dictionary<string, string?>());
        using var demand = await WaitForDemandAsync(farm, TestContext.Current.CancellationToken);
        agent.Terminate();

        Assert.Equal(0, await agent.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(OldRelease, Assert.Single(demand.RootElement.GetProperty("kernels").EnumerateArray()).GetProperty("release").GetString());
        Assert.Contains($"told the build farm of 1 installed and 0 missed kernels ({OldRelease})", agent.Output, StringComparison.Ordinal);
    }

    /// <summary>A host running the sandbox kernel (its module published) with one more kernel installed; a farm that flushes demand every second.</summary>
    private async Task<FarmServeProcess> PrepareAsync()
    {
        await _sandbox.PublishAsync();
        Write("host/etc/machine-id", "4c1d6b0f6a0e4a8f9d2b3c5e7f901234\n");
        Write($"host/lib/modules/{OldRelease}/modules.dep", "");
        Write($"host/lib/modules/{OldRelease}/build/include/generated/utsversion.h", $"#define UTS_VERSION \"{OldBuild}\"\n");
        var farmConfig = Write("farm/farm.json", """{ "Matrix": { "Demand": { "FlushInterval": "00:00:01" } } }""");
        return await FarmServeProcess.StartAsync(farmConfig, _sandbox.Join("farm", "state"));
    }

    private string AgentConfig(FarmServeProcess farm) =>
        _sandbox.WriteConfig(new JsonObject { ["Farm"] = new JsonObject { ["Address"] = farm.Address } });

    private static async Task<JsonDocument> WaitForDemandAsync(FarmServeProcess farm, CancellationToken cancellationToken)
    {
        var folder = Path.Join(farm.StoreDirectory, "private", "demand");
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(60); waited += TimeSpan.FromMilliseconds(200))
        {
            var file = Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).FirstOrDefault() : null;
            if (file is not null)
            {
                return JsonDocument.Parse(await File.ReadAllBytesAsync(file, cancellationToken));
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"the farm wrote no demand under {folder} within 60 s:\n{farm.Output}");
    }

    private string WritePolicy() => Write("farm/policy.json", $$"""
        {
          "format": "kernelagent-policy/v1",
          "name": "demand-test",
          "targets": [ { "distro": "debian", "versions": ["12"], "arches": ["{{_sandbox.Kernel.Arch}}"], "window": { "newestAbis": 1 } } ],
          "drivers": [ { "name": "kagent_sample", "version": "1.0.0" } ],
          "hotSet": { "enabled": true, "maxAgeDays": 1, "minHosts": 1, "maxEntries": 10 }
        }
        """);

    /// <summary>Two uploads of one series: the window (newest ABI) takes only the newer.</summary>
    private string WriteCatalog()
    {
        var flavour = _sandbox.Kernel.Arch == "aarch64" ? "arm64" : "amd64";
        string Kernel(int abi, string build)
        {
            var version = $"6.1.{100 + abi}-1";
            var packages = string.Join(",", new[] { ($"linux-headers-6.1.0-{abi}-{flavour}", flavour), ($"linux-headers-6.1.0-{abi}-common", "all"), ("linux-kbuild-6.1", flavour) }
                .Select(p => $$"""{"name":"{{p.Item1}}","version":"{{version}}","architecture":"{{p.Item2}}","sha256":"{{new string((char)('a' + abi % 6), 64)}}","size":1000}"""));
            return $$"""{"distro":"debian","distroVersion":"12","arch":"{{_sandbox.Kernel.Arch}}","release":"6.1.0-{{abi}}-{{flavour}}","flavour":"{{flavour}}","series":"6.1","abi":"6.1.0-{{abi}}","packageVersion":"{{version}}","buildString":"{{build}}","buildStringSource":"test","compiler":"gcc-12","origin":"test","headerPackages":[{{packages}}]}""";
        }

        return Write("farm/catalog.json",
            $$"""{"format":"kernelagent-catalog/v1","crawledAt":"2026-12-01T00:00:00+00:00","sources":[],"kernels":[{{Kernel(50, OldBuild)}},{{Kernel(60, "#1 SMP PREEMPT_DYNAMIC Debian 6.1.160-1 (2026-11-20)")}}]}""");
    }

    private string Write(string relative, string content)
    {
        var path = _sandbox.Join(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }
}
