using KernelAgent.Agent.Logging;
using KernelAgent.Agent.Resolution;
using KernelAgent.Agent.Tests.Resolution;
using KernelAgent.Protocol.V1;
using KernelAgent.Store.Backends;

namespace KernelAgent.Agent.Tests.Service;

/// <summary>
/// The service under a fake systemd: READY=1 within the start budget whatever the farm does, the module loaded when the
/// farm comes back, and WATCHDOG=1 only while the pass loop keeps to its times.
/// </summary>
public sealed class AgentServiceTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly AgentSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public async Task Start_FarmUnreachableAndNoCache_ReadyWithinTheStartBudgetThenLoadsWhenTheFarmAnswers()
    {
        var farmBack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Directory.CreateDirectory(_sandbox.Join("farm-store"));
        var farmStore = ArtifactStoreFactory.Create(_sandbox.Join("farm-store"));
        var farm = new FakeFarmClient(async (_, _) =>
        {
            await farmBack.Task;
            await _sandbox.PublishAsync(farmStore);
            return new FarmBuildResult("b-1", new ArtifactRef { StoreUrl = farmStore.Location.ToString() }, AlreadyPublished: false);
        });
        using var harness = ServiceHarness.Create(_sandbox, farm: farm);
        var notifier = harness.Notifier;

        var start = harness.Host.StartAsync(TestContext.Current.CancellationToken);
        await WaitUntilAsync(() => farm.Requests.Count == 1);
        await harness.Time.WaitCreatedAsync(TimeSpan.FromSeconds(20), Patience);
        harness.Advance(19);
        // StartAsync waits on that budget timer or the first pass, which the farm holds: not fired means not ready.
        Assert.Equal(0, harness.Time.Fired(TimeSpan.FromSeconds(20)));
        Assert.False(start.IsCompleted, "ready before the start budget was spent, although the pass had not ended");
        harness.Advance(1);
        await start.WaitAsync(Patience, TestContext.Current.CancellationToken);

        var ready = Assert.Single(notifier.Received, r => r.Line == "READY=1");
        Assert.Equal(TimeSpan.FromSeconds(20), ServiceHarness.Elapsed(ready.At));
        var waiting = notifier.Received.Last(r => r.Line.StartsWith("STATUS=", StringComparison.Ordinal));
        Assert.Equal($"STATUS=asking the build farm for {_sandbox.Variant.Driver.Name} {_sandbox.Variant.Driver.Version} on {_sandbox.Kernel.KernelRelease}", waiting.Line);
        Assert.Contains(harness.Log.Events, e => e.Id.Id == AgentEventIds.StartBudgetSpent);
        Assert.Empty(harness.Loader.LoadRequests);

        farmBack.SetResult();
        var loaded = await notifier.WaitForAsync(line => line.StartsWith("STATUS=loaded: ", StringComparison.Ordinal), Patience);

        Assert.StartsWith($"STATUS=loaded: loaded {TestModules.DriverName} (sha256 ", loaded.Line, StringComparison.Ordinal);
        Assert.EndsWith("from farm", loaded.Line, StringComparison.Ordinal);
        Assert.Single(harness.Loader.LoadRequests);
        Assert.DoesNotContain(notifier.Received, r => r.Line.StartsWith("EXTEND_TIMEOUT_USEC=", StringComparison.Ordinal));
        await harness.Host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Start_ModuleInTheStore_ReadyAsSoonAsItIsLoaded()
    {
        await _sandbox.PublishAsync();
        using var harness = ServiceHarness.Create(_sandbox);

        await harness.Host.StartAsync(TestContext.Current.CancellationToken).WaitAsync(Patience, TestContext.Current.CancellationToken);

        var ready = Assert.Single(harness.Notifier.Received, r => r.Line == "READY=1");
        Assert.Equal(TimeSpan.Zero, ServiceHarness.Elapsed(ready.At));
        Assert.StartsWith("STATUS=loaded: ", harness.Notifier.Received.Last(r => r.Line.StartsWith("STATUS=", StringComparison.Ordinal)).Line, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Log.Events, e => e.Id.Id == AgentEventIds.StartBudgetSpent);
        await harness.Host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Watchdog_PassHangs_PingsStopAfterTheStepsTimeAndResumeWhenTheLoopMovesOn()
    {
        await _sandbox.PublishAsync();
        using var probe = new BlockingIdentityProbe(_sandbox.Kernel);
        using var harness = ServiceHarness.Create(_sandbox, probe, watchdogUsec: "2000000");
        var notifier = harness.Notifier;

        var start = harness.Host.StartAsync(TestContext.Current.CancellationToken);
        await probe.Entered.WaitAsync(Patience, TestContext.Current.CancellationToken);
        harness.Advance(20);
        await start.WaitAsync(Patience, TestContext.Current.CancellationToken);
        harness.Advance(15);

        // Reading the identity may take 30 s: a ping each second until then, none after, although the timer kept firing.
        var pings = Pings(notifier);
        Assert.Contains(TimeSpan.FromSeconds(30), pings);
        Assert.All(Enumerable.Range(1, 30), s => Assert.Contains(TimeSpan.FromSeconds(s), pings));
        Assert.DoesNotContain(pings, at => at > TimeSpan.FromSeconds(30));
        var stuck = Assert.Single(harness.Log.Events, e => e.Id.Id == AgentEventIds.WatchdogWithheld);
        Assert.Contains("reading the kernel identity", stuck.Message, StringComparison.Ordinal);
        Assert.Contains(notifier.Received, r => r.Line == "READY=1");

        probe.Release();
        await notifier.WaitForAsync(line => line.StartsWith("STATUS=loaded: ", StringComparison.Ordinal), Patience);
        await WaitUntilAsync(() =>
        {
            harness.Advance(1);
            return Pings(notifier).Any(at => at > TimeSpan.FromSeconds(35));
        });

        Assert.Contains(harness.Log.Events, e => e.Id.Id == AgentEventIds.WatchdogResumed);
        await harness.Host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Watchdog_LoopIdleBetweenPasses_KeepsPinging()
    {
        using var harness = ServiceHarness.Create(_sandbox, watchdogUsec: "2000000", agent: new() { ["RetryInterval"] = "00:01:00" });

        await harness.Host.StartAsync(TestContext.Current.CancellationToken).WaitAsync(Patience, TestContext.Current.CancellationToken);
        await harness.Notifier.WaitForAsync(line => line.StartsWith("STATUS=not-found: ", StringComparison.Ordinal), Patience);
        // The passes at 60 s and 120 s run on real threads: fake time moves only once the loop has armed its next
        // retry wait, as real time would, instead of racing past a due time the loop has not yet set.
        var retry = TimeSpan.FromMinutes(1);
        await harness.Time.WaitCreatedAsync(retry, 1, Patience);
        harness.Advance(60);
        await WaitUntilAsync(() => NotFoundPasses(harness) >= 2);
        await harness.Time.WaitCreatedAsync(retry, 2, Patience);
        harness.Advance(60);
        await WaitUntilAsync(() => NotFoundPasses(harness) >= 3);
        await harness.Time.WaitCreatedAsync(retry, 3, Patience);
        harness.Advance(30);

        var pings = Pings(harness.Notifier);
        Assert.All(Enumerable.Range(1, 150), s => Assert.Contains(TimeSpan.FromSeconds(s), pings));
        Assert.DoesNotContain(harness.Log.Events, e => e.Id.Id == AgentEventIds.WatchdogWithheld);
        await harness.Host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Start_PassThrows_ReadyAndTriesAgainInsteadOfFailingTheHost()
    {
        await _sandbox.PublishAsync();
        var probe = new ThrowingIdentityProbe(_sandbox.Kernel, failures: 1);
        using var harness = ServiceHarness.Create(_sandbox, probe, agent: new() { ["RetryInterval"] = "00:01:00" });

        await harness.Host.StartAsync(TestContext.Current.CancellationToken).WaitAsync(Patience, TestContext.Current.CancellationToken);
        Assert.Contains(harness.Notifier.Received, r => r.Line == "READY=1");
        Assert.Contains(harness.Notifier.Received, r => r.Line.StartsWith("STATUS=the last pass failed unexpectedly: ", StringComparison.Ordinal));

        // The retry comes after RetryInterval (one second at a time: the loop's timer starts when its pass has ended).
        await WaitUntilAsync(() =>
        {
            harness.Advance(1);
            return harness.Notifier.Received.Any(r => r.Line.StartsWith("STATUS=loaded: ", StringComparison.Ordinal));
        });
        Assert.InRange(ServiceHarness.Elapsed(harness.Notifier.Received[^1].At), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(70));
        await harness.Host.StopAsync(TestContext.Current.CancellationToken);
    }

    private static int NotFoundPasses(ServiceHarness harness) =>
        harness.Notifier.Received.Count(r => r.Line.StartsWith("STATUS=not-found: ", StringComparison.Ordinal));

    private static List<TimeSpan> Pings(FakeSystemdNotifier notifier) =>
        [.. notifier.Received.Where(r => r.Line == "WATCHDOG=1").Select(r => r.At - ServiceHarness.Epoch)];

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "the condition did not come true in time");
            await Task.Delay(10);
        }
    }
}
