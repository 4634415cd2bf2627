using System.Diagnostics;
using KernelAgent.BuildFarm.Drivers;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Matrix.Planning;
using KernelAgent.BuildFarm.Matrix.Policy;
using KernelAgent.BuildFarm.Matrix.Snapshots;
using KernelAgent.Store.Backends;

namespace KernelAgent.BuildFarm.Matrix.Benchmark;

/// <summary>
/// Plans a synthetic catalog of N kernels against a snapshot of the day before (1% of the kernels new, 1% with a
/// republished header package) and measures what <c>matrix plan</c> does: read the catalog file, read the newest
/// snapshot from a directory store, select, key and diff. Preparing the files is not measured.
/// </summary>
internal static class PlanBenchmark
{
    public const string DriverName = "kagent_sample";

    public static async Task<PlanBenchmarkResult> RunAsync(int kernels, string workDirectory, TimeProvider time, CancellationToken cancellationToken)
    {
        var policy = Policy();
        var planner = new MatrixPlanner(
            new FixedDriverRegistry([new RegisteredDriver(DriverName, "1.0.0", "/dev/null", DriverSourceKind.Folder, new string('a', 64))]),
            new FixedToolchainIdentity("12.2.0-14+deb12u1"));
        var catalogPath = Path.Join(workDirectory, "catalog.json");
        using var store = ArtifactStoreFactory.Create(new Uri(Path.Join(workDirectory, "store") + "/").AbsoluteUri);
        var snapshots = new SnapshotStore(store);
        await PrepareAsync(kernels, policy, planner, catalogPath, snapshots, time, cancellationToken);

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var peakReset = ProcessMemory.TryResetPeak();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var clock = Stopwatch.StartNew();
        var catalog = CatalogFile.Load(catalogPath);
        var loadCatalog = clock.Elapsed;
        var previous = await snapshots.LatestAsync(policy.Name, cancellationToken);
        var loadSnapshot = clock.Elapsed - loadCatalog;
        var plan = await planner.PlanAsync(policy, catalog, previous, [], cancellationToken);
        var planned = clock.Elapsed - loadCatalog - loadSnapshot;

        var snapshotKey = (await snapshots.ListAsync(policy.Name, cancellationToken))[^1];
        return new PlanBenchmarkResult(
            catalog.Kernels.Count,
            previous?.Entries.Count ?? 0,
            new FileInfo(catalogPath).Length,
            (await store.ReadAsync(snapshotKey, cancellationToken)).LongLength,
            loadCatalog,
            loadSnapshot,
            planned,
            plan.Added.Count,
            plan.Changed.Count,
            plan.Retired.Count,
            plan.UnchangedCount,
            ProcessMemory.PeakResidentBytes(),
            peakReset,
            GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
    }

    /// <summary>Every synthetic distro, all arches and flavours, a window wide enough to include every ABI, one driver.</summary>
    public static SupportPolicy Policy() => SupportPolicyParser.Parse(
        $$"""
        {
          "format": "kernelagent-policy/v1",
          "name": "bench",
          "targets": [
            { "distro": "debian", "versions": ["11", "12", "13"], "arches": ["x86_64", "aarch64"], "window": { "newestAbis": 10000 } },
            { "distro": "ubuntu", "versions": ["20.04", "22.04", "24.04"], "arches": ["x86_64", "aarch64"], "window": { "newestAbis": 10000 } },
            { "distro": "rhel", "versions": ["8", "9"], "arches": ["x86_64", "aarch64"], "window": { "newestAbis": 10000 } },
            { "distro": "amzn", "versions": ["2023"], "arches": ["x86_64", "aarch64"], "window": { "newestAbis": 10000 } }
          ],
          "drivers": [ { "name": "{{DriverName}}", "version": "1.0.0" } ]
        }
        """,
        "(benchmark)");

    private static async Task PrepareAsync(
        int kernels, SupportPolicy policy, MatrixPlanner planner, string catalogPath, SnapshotStore snapshots, TimeProvider time, CancellationToken cancellationToken)
    {
        var catalog = SyntheticCatalog.Generate(kernels, time.GetUtcNow());
        CatalogFile.Save(catalogPath, catalog);
        var yesterday = catalog with
        {
            Kernels = [.. catalog.Kernels.Where((_, i) => i % 100 != 99).Select((k, i) => i % 100 == 50 ? SyntheticCatalog.WithChangedHeaders(k) : k)],
        };
        var first = await planner.PlanAsync(policy, yesterday, null, [], cancellationToken);
        await snapshots.WriteAsync(
            new MatrixSnapshot(SnapshotStore.NewId(time.GetUtcNow()), policy.Name, time.GetUtcNow(), null, "run-bench", policy.CanonicalJson, first.Toolchains, first.Entries),
            cancellationToken);
    }
}
