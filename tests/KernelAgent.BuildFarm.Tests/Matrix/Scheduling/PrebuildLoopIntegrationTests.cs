using System.Diagnostics;
using System.Globalization;
using KernelAgent.BuildFarm.Headers.Cache;
using KernelAgent.BuildFarm.Matrix.Scheduling;
using KernelAgent.BuildFarm.Matrix.Snapshots;
using KernelAgent.BuildFarm.Signing;
using KernelAgent.BuildFarm.Tests.Headers;
using KernelAgent.BuildFarm.Tests.Headers.Debian;
using KernelAgent.BuildFarm.Tests.Hosting;
using KernelAgent.Store.Artifacts;
using KernelAgent.Store.Backends;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelAgent.BuildFarm.Tests.Matrix.Scheduling;

/// <summary>
/// The prebuild loop of a serving farm against a Debian archive the test controls (<see cref="LocalDebianArchive"/>):
/// the newest real 6.1 amd64 headers appear in it while the farm runs, and the next tick builds and publishes their
/// module; ticks with no archive change ask for InRelease once and build nothing.
/// </summary>
/// <remarks>
/// The benchmark of docs/benchmarks.md ("zero-day") is this test with the farm's default interval and jitter:
/// KA_PREBUILD_INTERVAL=00:05:00 KA_PREBUILD_JITTER=00:00:30 (the idle-tick part is left out at such intervals).
/// </remarks>
[Collection(DebianArchiveTestGroup.Name)]
[Trait("Category", "Integration")]
public sealed class PrebuildLoopIntegrationTests(DebianHeadersFixture debian) : IDisposable
{
    private static readonly TimeSpan Interval = Setting("KA_PREBUILD_INTERVAL", TimeSpan.FromSeconds(2));
    private static readonly TimeSpan Jitter = Setting("KA_PREBUILD_JITTER", TimeSpan.Zero);
    private static readonly TimeSpan Patience = Interval + Jitter + TimeSpan.FromMinutes(6);

    private readonly ScratchDirectory _scratch = new("prebuild-loop");

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Loop_NewKernelPublishedIntoArchive_NextTickPublishesItsModuleAndIdleTicksOnlyReadInRelease()
    {
        debian.Require();
        var cancellationToken = TestContext.Current.CancellationToken;
        var packages = await RealPackagesAsync(cancellationToken);
        using var archive = await LocalDebianArchive.CreateAsync(cancellationToken);
        // The kernel's shared packages are there from the start; its flavour package is the "new kernel".
        await archive.PublishAsync(packages.Skip(1), cancellationToken);
        var policy = Path.Join(_scratch.Path, "policy.json");
        await File.WriteAllTextAsync(policy, """
            {
              "format": "kernelagent-policy/v1",
              "name": "zeroday",
              "targets": [ { "distro": "debian", "versions": ["12"], "arches": ["x86_64"], "flavours": ["amd64"], "series": ["6.1"], "window": { "newestAbis": 1 } } ],
              "drivers": [ { "name": "kagent_sample", "version": "1.0.0" } ]
            }
            """, cancellationToken);
        await using var farm = await InProcessFarm.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Headers:Debian:Sources:0"] = archive.SourceStanza,
            ["Headers:Debian:AptDirectory"] = Path.Join(_scratch.Path, "apt"),
            ["Headers:Cache:Directory"] = Path.Join(_scratch.Path, "headers"),
            ["Prebuild:Policy"] = policy,
            ["Prebuild:Interval"] = Interval.ToString("c", CultureInfo.InvariantCulture),
            ["Prebuild:Jitter"] = Jitter.ToString("c", CultureInfo.InvariantCulture),
            ["Prebuild:FirstTickDelay"] = "00:00:00",
        });
        var statusFile = PrebuildStatusFile.PathIn(farm.StateDirectory);

        // The first tick sees the archive for the first time: it crawls, finds no kernel, builds nothing.
        var first = await WaitForAsync(statusFile, s => s.Archives.Count == 1, "the first tick's run", cancellationToken);
        Assert.Empty(first.Kernels);

        // Right after a tick: the new kernel waits a whole interval (plus jitter) for the next one, the worst case.
        var clock = Stopwatch.StartNew();
        await archive.PublishAsync(packages.Take(1), cancellationToken);
        var covered = await WaitForAsync(statusFile, s => s.Kernels.Any(k => k.State == "covered"), "the new kernel's module", cancellationToken);
        clock.Stop();
        var kernel = Assert.Single(covered.Kernels);
        Assert.Equal($"{debian.Abi}-amd64", kernel.Release);
        Assert.False(kernel.Baseline);
        Assert.Equal(debian.Amd64.KernelBuild, kernel.BuildString);
        var module = Assert.Single(kernel.Modules);
        Assert.Equal("published", module.State);
        TestContext.Current.SendDiagnosticMessage(
            $"new kernel in the archive -> module published: {clock.Elapsed.TotalSeconds:F1} s with interval {Interval} and jitter {Jitter} " +
            $"(first seen -> covered {(kernel.CoveredAt!.Value - kernel.FirstSeen).TotalSeconds:F1} s: refresh, crawl, plan, build, publish)");

        var store = farm.Service<IArtifactStore>();
        var snapshot = await farm.Service<ISnapshotStore>().LatestAsync("zeroday", cancellationToken);
        var entry = Assert.Single(snapshot!.Entries);
        Assert.NotNull(await ArtifactResolver.ResolveAsync(store, entry.ToVariant(), farm.Service<IAttestationSigning>().TrustedKeys, cancellationToken));
        var metrics = await farm.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellationToken);
        Assert.Contains("kernelagent_kernel_publish_lag_seconds_count{distro=\"debian\",arch=\"x86_64\"} 1", metrics, StringComparison.Ordinal);

        if (Interval > TimeSpan.FromSeconds(30))
        {
            return;
        }

        // Idle ticks: one InRelease request each and nothing else; no new snapshot.
        var (requests, inRelease) = (archive.Http.Requests(""), archive.Http.Requests("/InRelease"));
        var ticks = 0;
        var lastTick = covered.LastTick;
        while (ticks < 3)
        {
            var idle = await WaitForAsync(statusFile, s => s.LastTick > lastTick, "an idle tick", cancellationToken);
            Assert.Equal("unchanged", idle.LastTickOutcome);
            lastTick = idle.LastTick;
            ticks++;
        }

        var (idleRequests, idleInRelease) = (archive.Http.Requests("") - requests, archive.Http.Requests("/InRelease") - inRelease);
        TestContext.Current.SendDiagnosticMessage($"{ticks} idle ticks: {idleRequests} request(s) to the archive, {idleInRelease} of them InRelease");
        Assert.Equal(idleInRelease, idleRequests);
        Assert.InRange(idleInRelease, ticks, ticks + 1);
        Assert.Equal(snapshot.Header.Id, (await farm.Service<ISnapshotStore>().LatestAsync("zeroday", cancellationToken))!.Header.Id);
    }

    private static TimeSpan Setting(string variable, TimeSpan fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } text ? TimeSpan.Parse(text, CultureInfo.InvariantCulture) : fallback;

    /// <summary>The newest 6.1 amd64 kernel's flavour, common and kbuild packages, from the shared headers cache (downloaded once).</summary>
    private async Task<List<(string File, string Name, string Version, string Architecture)>> RealPackagesAsync(CancellationToken cancellationToken)
    {
        using var source = DebianHeadersFixture.CreateSource();
        var set = await source.ResolveAsync(debian.Amd64, cancellationToken);
        await source.KeepAsync(set, null, cancellationToken);
        var cache = new HeaderCache(TestCacheDirectory.Headers, NullLogger.Instance);
        return [.. set.Packages.Select(p => (cache.PackagePath(p.Sha256), p.Name, p.Version, p.Architecture))];
    }

    private static async Task<PrebuildStatus> WaitForAsync(string statusFile, Func<PrebuildStatus, bool> done, string what, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (PrebuildStatusFile.Load(statusFile) is { } status && done(status))
            {
                return status;
            }

            Assert.True(waited.Elapsed < Patience, $"no {what} within {Patience.TotalMinutes} min; status: {(File.Exists(statusFile) ? File.ReadAllText(statusFile) : "none")}");
            await Task.Delay(200, cancellationToken);
        }
    }
}
