using System.Diagnostics;
using KernelAgent.BuildFarm.Matrix;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Matrix.Planning;
using KernelAgent.BuildFarm.Matrix.Policy;
using KernelAgent.BuildFarm.Matrix.Snapshots;
using KernelAgent.Store.Backends;

namespace KernelAgent.Bench.Matrix;

/// <summary>
/// Plans a synthetic catalog of N kernels against a snapshot of the day before (1% of the kernels new, 1% with a
/// republished header package) and measures what <c>matrix plan</c> does: read the catalog file, read the newest
/// snapshot from a directory store, select, key and diff. Preparing the files is a separate step (and process).
/// </summary>
internal static class PlanBenchmark
{
    public const string DriverName = "kagent_sample";

    /// <summary>Writes the synthetic catalog and yesterday's snapshot into <paramref name="workDirectory"/>.</summary>
    public static async Task PrepareAsync(int kernels, string workDirectory, TimeProvider time, CancellationToken cancellationToken)
    {
        var policy = Policy();
        using var store = OpenStore(workDirectory);
        var catalog = SyntheticCatalog.Generate(kernels, time.GetUtcNow());
        CatalogFile.Save(CatalogPath(workDirectory), catalog);
        var yesterday = catalog with
        {
            Kernels = [.. catalog.Kernels.Where((_, i) => i % 100 != 99).Select((k, i) => i % 100 == 50 ? SyntheticCatalog.WithChangedHeaders(k) : k)],
        };
        var first = await Planner().PlanAsync(policy, yesterday, null, [], cancellationToken);
        var header = new SnapshotHeader(SnapshotStore.NewId(time.GetUtcNow()), policy.Name, time.GetUtcNow(), null, "run-bench", policy.CanonicalJson, first.Toolchains);
        await new SnapshotStore(store).WriteAsync(new MatrixSnapshot(header, first.Entries), cancellationToken);
    }

    /// <summary>Reads the prepared catalog, then plans against the prepared snapshot; run it in a fresh process for a clean peak.</summary>
    /// <exception cref="MatrixDocumentException">The folder holds no prepared catalog and snapshot.</exception>
    public static async Task<PlanBenchmarkResult> MeasureAsync(string workDirectory, CancellationToken cancellationToken)
    {
        var policy = Policy();
        var planner = Planner();
        using var store = OpenStore(workDirectory);
        var snapshots = new SnapshotStore(store);
        var snapshotKeys = await snapshots.ListAsync(policy.Name, cancellationToken);
        var catalogPath = CatalogPath(workDirectory);
        if (snapshotKeys.Count == 0 || !File.Exists(catalogPath))
        {
            throw new MatrixDocumentException($"{workDirectory} holds no prepared benchmark: run matrix-plan with this --work-dir once without --measure-only");
        }

        var snapshotKey = snapshotKeys[^1];
        var startResident = ProcessMemory.PeakResidentBytes();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var processorBefore = Process.GetCurrentProcess().TotalProcessorTime;

        var clock = Stopwatch.StartNew();
        var catalog = CatalogFile.Load(catalogPath);
        var loadCatalog = clock.Elapsed;
        var loadCatalogProcessor = Process.GetCurrentProcess().TotalProcessorTime - processorBefore;
        var plan = await planner.PlanAsync(policy, catalog, await snapshots.LatestAsync(policy.Name, cancellationToken), [], cancellationToken);
        var planned = clock.Elapsed - loadCatalog;
        var processor = Process.GetCurrentProcess().TotalProcessorTime - processorBefore;
        var peak = ProcessMemory.PeakResidentBytes();

        // A serving farm plans again and again: the second plan runs with its code already compiled.
        var warmProcessorBefore = Process.GetCurrentProcess().TotalProcessorTime;
        clock.Restart();
        await planner.PlanAsync(policy, catalog, await snapshots.LatestAsync(policy.Name, cancellationToken), [], cancellationToken);
        var warm = clock.Elapsed;
        var warmProcessor = Process.GetCurrentProcess().TotalProcessorTime - warmProcessorBefore;

        return new PlanBenchmarkResult(
            catalog.Kernels.Count,
            plan.PreviousEntries,
            new FileInfo(catalogPath).Length,
            new FileInfo(Path.Join(workDirectory, "store", snapshotKey)).Length,
            loadCatalog,
            planned,
            plan.Added.Count,
            plan.Changed.Count,
            plan.Retired.Count,
            plan.UnchangedCount,
            startResident,
            peak,
            GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore,
            loadCatalogProcessor,
            processor,
            warm,
            warmProcessor);
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

    private static MatrixPlanner Planner()
    {
        var sample = new SampleDriverOnly();
        return new MatrixPlanner(sample, sample);
    }

    private static IArtifactStore OpenStore(string workDirectory) => ArtifactStoreFactory.Create(new Uri(Path.Join(workDirectory, "store") + "/").AbsoluteUri);

    private static string CatalogPath(string workDirectory) => Path.Join(workDirectory, "catalog.json");
}
