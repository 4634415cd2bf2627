using System.Diagnostics.Metrics;
using KernelAgent.BuildFarm.Demand;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Matrix;
using KernelAgent.BuildFarm.Matrix.Apply;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Matrix.Scheduling;
using KernelAgent.BuildFarm.Matrix.Snapshots;
using KernelAgent.BuildFarm.State;
using KernelAgent.BuildFarm.Tests.Headers;
using KernelAgent.BuildFarm.Tests.Headers.Debian;
using KernelAgent.BuildFarm.Tests.Maintenance;
using KernelAgent.BuildFarm.Tests.Matrix.Apply;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static KernelAgent.BuildFarm.Tests.Matrix.MatrixTestData;

namespace KernelAgent.BuildFarm.Tests.Matrix.Scheduling;

/// <summary>One tick of the prebuild loop over fakes: the archive's answer, the crawl and the builds are the test's.</summary>
public sealed class PrebuildTickTests : IDisposable
{
    private readonly ScratchDirectory _state = new("prebuild-tick");
    private readonly TestStore _store = new();
    private readonly FakeTimeProvider _time = new(Now);
    private readonly Probe _probe = new();
    private readonly Crawler _crawler = new();
    private readonly FakeCoordinator _coordinator;
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    // The tick refreshes Debian lists only when a Debian suite changed; these tests' archive is an RPM one.
    private readonly KernelAgent.BuildFarm.Headers.Debian.DebianHeaderSource _debian = DebianHeadersFixture.CreateSource();
    private readonly RecordingLogger<PrebuildTick> _log = new();
    private readonly PrebuildTick _tick;

    public PrebuildTickTests()
    {
        _coordinator = new FakeCoordinator(_store.Store);
        var policy = Path.Join(_state.Path, "policy.json");
        File.WriteAllText(policy, """
            {
              "format": "kernelagent-policy/v1",
              "name": "test",
              "targets": [ { "distro": "debian", "versions": ["12"], "arches": ["x86_64"], "flavours": ["amd64"], "window": { "newestAbis": 2 } } ],
              "drivers": [ { "name": "kagent_sample", "version": "1.0.0" } ]
            }
            """);
        var snapshots = new SnapshotStore(_store.Store);
        _tick = new PrebuildTick(
            _probe,
            new MatrixSession(_crawler, snapshots, new NoDemand(), Planner()),
            new MatrixApplier(_coordinator, snapshots, _store.Store, _time, NullLogger<MatrixApplier>.Instance),
            _debian,
            new PrebuildMetrics(_meters.GetRequiredService<IMeterFactory>()),
            Options.Create(new PrebuildSchedulerOptions { Policy = policy, RetryBackoff = TimeSpan.FromMinutes(15) }),
            Options.Create(new FarmStateOptions { StateDirectory = _state.Path }),
            _time,
            _log);
    }

    public void Dispose()
    {
        _tick.Dispose();
        _meters.Dispose();
        _debian.Dispose();
        _store.Dispose();
        _state.Dispose();
    }

    [Fact]
    public async Task RunAsync_NoArchiveChanged_ReadsTheArchiveOnlyAndBuildsNothing()
    {
        _crawler.Kernels = [Debian(57)];
        Assert.Equal(TickOutcome.Applied, await _tick.RunAsync(CancellationToken.None));
        Assert.Equal((1, 1), (_crawler.Crawls, _coordinator.Requested.Count));

        Assert.Equal(TickOutcome.Unchanged, await _tick.RunAsync(CancellationToken.None));
        Assert.Equal((2, 1, 1), (_probe.Checks, _crawler.Crawls, _coordinator.Requested.Count));

        _probe.Fingerprint = "b";
        _crawler.Kernels = [Debian(57), Debian(58)];
        Assert.Equal(TickOutcome.Applied, await _tick.RunAsync(CancellationToken.None));
        Assert.Equal("6.1.0-58-amd64", _coordinator.Requested[^1].Kernel.KernelRelease);
        Assert.Equal(2, _coordinator.Requested.Count);
        var covered = _log.Messages.Where(m => m.Contains(" covered: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, covered.Count);
        Assert.Contains("6.1.0-57-amd64", covered[0], StringComparison.Ordinal);
        Assert.EndsWith("first appeared in an archive: unknown (it was there before the loop's first crawl)", covered[0], StringComparison.Ordinal);
        Assert.Contains("6.1.0-58-amd64", covered[1], StringComparison.Ordinal);
        Assert.EndsWith("first appeared in an archive: 0", covered[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BuildFailed_RetriedOnlyOnceItsBackoffHasPassed()
    {
        _crawler.Kernels = [Debian(57)];
        _coordinator.FailingReleases.Add("6.1.0-57-amd64");
        Assert.Equal(TickOutcome.Applied, await _tick.RunAsync(CancellationToken.None));
        var status = PrebuildStatusFile.Load(_tick.StatusFile)!;
        Assert.Equal(KernelStates.Failed, status.Kernels[0].State);

        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(TickOutcome.Unchanged, await _tick.RunAsync(CancellationToken.None));
        Assert.Single(_coordinator.Requested);

        // The archive changed (another kernel), but the failed one still waits for its retry.
        _probe.Fingerprint = "b";
        _crawler.Kernels = [Debian(57), Debian(58)];
        Assert.Equal(TickOutcome.Applied, await _tick.RunAsync(CancellationToken.None));
        Assert.Equal(["6.1.0-57-amd64", "6.1.0-58-amd64"], _coordinator.Requested.Select(r => r.Kernel.KernelRelease));

        _coordinator.FailingReleases.Clear();
        _time.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(TickOutcome.Applied, await _tick.RunAsync(CancellationToken.None));
        Assert.Equal("6.1.0-57-amd64", _coordinator.Requested[^1].Kernel.KernelRelease);
        status = PrebuildStatusFile.Load(_tick.StatusFile)!;
        Assert.All(status.Kernels, k => Assert.Equal(KernelStates.Covered, k.State));
    }

    [Fact]
    public async Task RunAsync_PreviousTickKilledHalfWay_NextTickDoesTheRunAgain()
    {
        _crawler.Kernels = [Debian(57)];
        _crawler.Failure = new HeaderSourceException("apt-get update was killed");
        await Assert.ThrowsAsync<HeaderSourceException>(() => _tick.RunAsync(CancellationToken.None));

        _crawler.Failure = null;
        Assert.Equal(TickOutcome.Applied, await _tick.RunAsync(CancellationToken.None));
        Assert.Single(_coordinator.Requested);
    }

    [Fact]
    public async Task RunAsync_LockHeldByAnotherRun_DoesNothing()
    {
        using var held = TickLock.TryAcquire(TickLock.PathIn(_state.Path));
        Assert.Equal(TickOutcome.Busy, await _tick.RunAsync(CancellationToken.None));
        Assert.Equal(0, _probe.Checks);
    }

    private sealed class Probe : IArchiveProbe
    {
        public string Fingerprint { get; set; } = "a";

        public int Checks { get; private set; }

        public Task<IReadOnlyList<ArchiveCheck>> CheckAsync(CancellationToken cancellationToken)
        {
            Checks++;
            return Task.FromResult<IReadOnlyList<ArchiveCheck>>([new ArchiveCheck("rpm", "http://archive/repodata/repomd.xml", Fingerprint, null)]);
        }
    }

    private sealed class Crawler : ICatalogCrawler
    {
        public CatalogKernel[] Kernels { get; set; } = [];

        public Exception? Failure { get; set; }

        public int Crawls { get; private set; }

        public IReadOnlyList<string> Families => ["debian"];

        public Task<CatalogCrawl> CrawlAsync(CatalogCrawlRequest request, CancellationToken cancellationToken)
        {
            Crawls++;
            return Failure is not null ? Task.FromException<CatalogCrawl>(Failure) : Task.FromResult(new CatalogCrawl(CatalogOf(Kernels), []));
        }
    }

    private sealed class NoDemand : IDemandReader
    {
        public Task<IReadOnlyList<DemandedKernel>> ReadAsync(int maxAgeDays, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<DemandedKernel>>([]);
    }
}
