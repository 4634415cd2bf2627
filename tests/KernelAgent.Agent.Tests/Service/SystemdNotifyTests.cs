using System.Globalization;
using System.Text.Json.Nodes;
using KernelAgent.Agent.Tests.Logging;
using KernelAgent.Agent.Tests.TestSupport;
using KernelAgent.Store.Layout;

namespace KernelAgent.Agent.Tests.Service;

/// <summary>
/// <c>kernel-agent run</c> as a Type=notify service: the built agent runs as a child of the test with NOTIFY_SOCKET
/// pointing at a datagram socket the test owns, exactly as systemd starts it. Loading is off (this machine's kernel
/// must never load a test module), so the definite states reached are "verified" and "refused".
/// </summary>
[Trait("Category", "Integration")]
public sealed class SystemdNotifyTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly AgentSandbox _sandbox = new();
    private readonly NotifySocket _notify = new();

    public SystemdNotifyTests()
    {
        if (!File.Exists(AgentProcess.Binary))
        {
            MissingComponent.SkipOrFail($"the kernel-agent binary {AgentProcess.Binary} does not exist");
        }
    }

    public void Dispose()
    {
        _notify.Dispose();
        _sandbox.Dispose();
    }

    [Fact]
    public async Task Run_VerifiedArtifact_SaysReadyWithTheVerifiedStateThenStoppingOnSigterm()
    {
        await _sandbox.PublishAsync();
        using var agent = Start();

        var ready = await _notify.WaitForAsync(line => line == "READY=1", StartTimeout, () => agent.Output);

        var status = LastStatusBefore(ready.At);
        Assert.StartsWith("STATUS=verified: verified kagent_sample from store, not loaded", status, StringComparison.Ordinal);
        Assert.Contains(_notify.Received, r => r.Line == "STATUS=resolving the module for this kernel" && r.At <= ready.At);

        agent.Terminate();
        await _notify.WaitForAsync(line => line == "STOPPING=1", TimeSpan.FromSeconds(10), () => agent.Output);
        Assert.Equal(0, await agent.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.DoesNotContain(_notify.Received, r => r.Line.StartsWith("WATCHDOG=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_ModuleBuiltForAnotherRelease_SaysReadyWithTheRefusedState()
    {
        await _sandbox.PublishAsync(moduleRelease: "6.1.0-55-amd64");
        using var agent = Start(new JsonObject { ["Load"] = true });

        var ready = await _notify.WaitForAsync(line => line == "READY=1", StartTimeout, () => agent.Output);

        Assert.StartsWith("STATUS=refused: vermagic mismatch: the module was built for '6.1.0-55-amd64'", LastStatusBefore(ready.At), StringComparison.Ordinal);
        Assert.Contains("refused", File.ReadAllText(Path.Join(_sandbox.StateDirectory, "last-pass.json")), StringComparison.OrdinalIgnoreCase);

        agent.Terminate();
        await _notify.WaitForAsync(line => line == "STOPPING=1", TimeSpan.FromSeconds(10), () => agent.Output);
        Assert.Equal(0, await agent.WaitForExitAsync(TimeSpan.FromSeconds(10)));
    }

    // Issue 11 item 1: a malformed attestation made `run` fail with "Hosting failed to start" (a crash loop under systemd).
    [Fact]
    public async Task Run_AttestationWithANullSignature_SaysReadyWithTheRefusedStateAndStopsCleanly()
    {
        await _sandbox.PublishAsync();
        File.WriteAllText(_sandbox.Join("stores", "main", StoreLayout.AttestationKey(_sandbox.Variant)),
            "{\"payloadType\":\"application/vnd.in-toto+json\",\"payload\":\"e30=\",\"signatures\":[null]}");
        using var agent = Start();

        var ready = await _notify.WaitForAsync(line => line == "READY=1", StartTimeout, () => agent.Output);

        Assert.StartsWith("STATUS=refused: refused (malformed envelope): signatures[0] is null", LastStatusBefore(ready.At), StringComparison.Ordinal);
        agent.Terminate();
        await _notify.WaitForAsync(line => line == "STOPPING=1", TimeSpan.FromSeconds(10), () => agent.Output);
        Assert.Equal(0, await agent.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.DoesNotContain("Exception", agent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WatchdogUsecSet_PingsAtHalfTheInterval()
    {
        await _sandbox.PublishAsync();
        using var agent = Start(environment: new() { ["WATCHDOG_USEC"] = "2000000" });
        var ready = await _notify.WaitForAsync(line => line == "READY=1", StartTimeout, () => agent.Output);

        await _notify.CollectAsync(TimeSpan.FromSeconds(3));

        // systemd kills the service when a WatchdogSec (2 s) passes without a ping: no gap may come near that.
        // One late ping makes the next come early, so only the largest gap and the rate say something.
        var pings = _notify.Received.Where(r => r.Line == "WATCHDOG=1").Select(r => r.At).ToList();
        var afterReady = pings.Count(at => at > ready.At);
        Assert.InRange(afterReady, 2, 5);
        var gaps = pings.Zip(pings.Skip(1), (a, b) => b - a).ToList();
        Assert.True(gaps.Max() <= TimeSpan.FromMilliseconds(1500), $"pings {string.Join(", ", pings)} leave a gap of {gaps.Max()}");
        agent.Terminate();
        Assert.Equal(0, await agent.WaitForExitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Run_FarmUnreachableNoCache_ReadyAfterTheStartBudgetSayingWhatItWaitsFor()
    {
        var farm = "http://127.0.0.1:" + LoopbackPorts.Free();
        using var agent = Start(new JsonObject
        {
            ["StartBudget"] = "00:00:03",
            ["Farm"] = new JsonObject { ["Address"] = farm, ["ReportDemand"] = false },
        });

        var ready = await _notify.WaitForAsync(line => line == "READY=1", StartTimeout, () => agent.Output);

        Assert.InRange(ready.At, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(15));
        Assert.StartsWith($"STATUS=waiting for the build farm at {farm} (attempt ", LastStatusBefore(ready.At), StringComparison.Ordinal);
        Assert.DoesNotContain(_notify.Received, r => r.Line.StartsWith("EXTEND_TIMEOUT_USEC=", StringComparison.Ordinal));
        agent.Terminate();
        Assert.Equal(0, await agent.WaitForExitAsync(TimeSpan.FromSeconds(10)));
    }

    private string LastStatusBefore(TimeSpan at) =>
        _notify.Received.Last(r => r.At <= at && r.Line.StartsWith("STATUS=", StringComparison.Ordinal)).Line;

    private AgentProcess Start(JsonObject? config = null, Dictionary<string, string?>? environment = null)
    {
        var env = new Dictionary<string, string?>(environment ?? [], StringComparer.Ordinal)
        {
            ["NOTIFY_SOCKET"] = _notify.Path,
            ["INVOCATION_ID"] = Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture),
        };
        return AgentProcess.Start(["run", "--config", _sandbox.WriteConfig(config)], env);
    }
}
