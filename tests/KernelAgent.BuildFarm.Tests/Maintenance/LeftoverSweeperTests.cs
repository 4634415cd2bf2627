using KernelAgent.Agent.Tests.TestSupport;
using KernelAgent.BuildFarm.Builds;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Maintenance;
using KernelAgent.BuildFarm.State;
using KernelAgent.BuildFarm.Tests.Headers;
using KernelAgent.Store.Backends;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Tests.Maintenance;

/// <summary>What killed writes and builds leave behind is removed at start and periodically, never a write in progress.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LeftoverSweeperTests : IDisposable
{
    private static readonly TimeSpan Old = TimeSpan.FromHours(2);
    private static readonly TimeSpan Recent = TimeSpan.FromMinutes(5);
    private readonly ScratchDirectory _state = new("leftovers");
    private readonly TimerWatchingTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly RecordingLogger<LeftoverSweeper> _log = new();
    private readonly BuildFolders _builds;
    private readonly IArtifactStore _store;

    public LeftoverSweeperTests()
    {
        _builds = new BuildFolders(Options.Create(new FarmStateOptions { StateDirectory = _state.Path }));
        _store = ArtifactStoreFactory.Create(new Uri(Path.Join(_state.Path, "store")).AbsoluteUri);
    }

    private string Store => Path.Join(_state.Path, "store");

    private string Cache => Path.Join(_state.Path, "headers-cache");

    public void Dispose()
    {
        _store.Dispose();
        _state.Dispose();
    }

    [Fact]
    public void Sweep_TempFilesOfAKilledWrite_RemovesOldOnesKeepsRecentOnesAndPublishedObjects()
    {
        var oldStoreTemp = Write(Path.Join(Store, "v1", "modules", "x", ".tmp-0123"), Old);
        var recentStoreTemp = Write(Path.Join(Store, "v1", "modules", "x", ".tmp-4567"), Recent);
        var published = Write(Path.Join(Store, "v1", "modules", "x", "attestation.dsse.json"), Old);
        var oldCacheTemp = Write(Path.Join(Cache, "targets", ".abc.json.0123.tmp"), Old);
        var cacheRecord = Write(Path.Join(Cache, "targets", "abc.json"), Old);

        var removed = NewSweeper().Sweep();

        Assert.Equal(new[] { oldStoreTemp, oldCacheTemp }.Order(StringComparer.Ordinal), removed.Order(StringComparer.Ordinal));
        Assert.True(File.Exists(recentStoreTemp));
        Assert.True(File.Exists(published));
        Assert.True(File.Exists(cacheRecord));
        Assert.Contains(_log.Messages, m => m.Contains(oldStoreTemp, StringComparison.Ordinal));
    }

    [Fact]
    public void Sweep_HeadersCacheWorkFolders_RemovesOnlyThoseWithNoRecentWrite()
    {
        var abandoned = Path.Join(Cache, "tmp", "aaaa");
        Write(Path.Join(abandoned, "package.deb"), Old);
        Directory.SetLastWriteTimeUtc(abandoned, (_time.GetUtcNow() - Old).UtcDateTime);
        var downloading = Path.Join(Cache, "tmp", "bbbb");
        Write(Path.Join(downloading, "package.deb"), Recent);
        Directory.SetLastWriteTimeUtc(downloading, (_time.GetUtcNow() - Old).UtcDateTime);

        var removed = NewSweeper().Sweep();

        Assert.Equal([abandoned], removed);
        Assert.True(Directory.Exists(downloading));
    }

    [Fact]
    public void Sweep_BuildFolders_RemovesThoseOfKilledBuildsKeepsRunningOnes()
    {
        var killed = Path.Join(_builds.Root, "0123456789abcdef-deadbeef");
        Write(Path.Join(killed, "module", "sample.c"), Recent);
        var readOnly = Path.Join(killed, "module", "ro");
        Directory.CreateDirectory(readOnly);
        File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var running = _builds.Create(new string('a', 64));
        Write(Path.Join(running, "module", "sample.c"), Old);

        var removed = NewSweeper().Sweep();

        Assert.Equal([killed], removed);
        Assert.True(Directory.Exists(running));
        _builds.Release(running);
        Assert.Equal([running], NewSweeper().Sweep());
    }

    [Fact]
    public void Sweep_LinkInTheStore_IsNeverFollowed()
    {
        var outside = Write(Path.Join(_state.Path, "outside", ".tmp-keep"), Old);
        Directory.CreateDirectory(Store);
        Directory.CreateSymbolicLink(Path.Join(Store, "link"), Path.Join(_state.Path, "outside"));

        NewSweeper().Sweep();

        Assert.True(File.Exists(outside));
    }

    [Fact(Timeout = 10_000)]
    public async Task StartAsync_SweepsAtStartAndAgainEachInterval()
    {
        var token = TestContext.Current.CancellationToken;
        var first = Write(Path.Join(Store, "v1", ".tmp-first"), Old);
        using var sweeper = NewSweeper(new LeftoverOptions { Interval = TimeSpan.FromMinutes(30), Grace = TimeSpan.FromHours(1) });

        await sweeper.StartAsync(token);
        await EventuallyAsync(() => !File.Exists(first), token);
        var second = Write(Path.Join(Store, "v1", ".tmp-second"), TimeSpan.FromMinutes(40));
        await _time.WaitCreatedAsync(TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(5));
        _time.Advance(TimeSpan.FromMinutes(29));
        // The next sweep waits on that timer: not fired means not swept.
        Assert.Equal(0, _time.Fired(TimeSpan.FromMinutes(30)));
        Assert.True(File.Exists(second), "removed before the interval elapsed");
        _time.Advance(TimeSpan.FromMinutes(1));
        await EventuallyAsync(() => !File.Exists(second), token);
        await sweeper.StopAsync(token);
    }

    private LeftoverSweeper NewSweeper(LeftoverOptions? options = null) => new(
        _store,
        Options.Create(new HeaderCacheOptions { Directory = Cache }),
        Options.Create(options ?? new LeftoverOptions()),
        _builds,
        _time,
        _log);

    private string Write(string path, TimeSpan age)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
        File.SetLastWriteTimeUtc(path, (_time.GetUtcNow() - age).UtcDateTime);
        return path;
    }

    private static async Task EventuallyAsync(Func<bool> condition, CancellationToken token)
    {
        while (!condition())
        {
            await Task.Delay(20, token);
        }
    }
}
