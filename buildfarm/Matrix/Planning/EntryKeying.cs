using System.Collections.Concurrent;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>
/// One entry per kernel and driver, with its id and header digest: two SHA-256 per kernel, the bulk of a plan's
/// own work. Kernels are keyed in ranges on every core; each result goes to its kernel's slot, so the entries and
/// warnings come out in the same order whatever the scheduling, and the entries are then sorted by id.
/// </summary>
internal static class EntryKeying
{
    // Large enough that scheduling costs nothing next to the hashing, small enough to spread 10k kernels over 2 cores.
    private const int RangeSize = 2048;

    public static List<MatrixEntry> Key(
        (CatalogKernel Kernel, EntrySource Source)[] kernels, Sha256Digest[] toolchains,
        IReadOnlyList<(DriverIdentity Driver, Sha256Digest Source)> driverSources, List<string> warnings)
    {
        var perKernel = driverSources.Count;
        var slots = new MatrixEntry?[kernels.Length * perKernel];
        var problems = new string?[kernels.Length];
        if (kernels.Length <= RangeSize)
        {
            KeyRange(0, kernels.Length);
        }
        else
        {
            Parallel.ForEach(Partitioner.Create(0, kernels.Length, RangeSize), range => KeyRange(range.Item1, range.Item2));
        }

        warnings.AddRange(problems.OfType<string>());
        var count = slots.Count(e => e is not null);
        var ids = new Sha256Digest[count];
        var entries = new MatrixEntry[count];
        var next = 0;
        foreach (var entry in slots)
        {
            if (entry is not null)
            {
                ids[next] = entry.Id;
                entries[next++] = entry;
            }
        }

        Array.Sort(ids, entries);
        return [.. entries];

        void KeyRange(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                var (kernel, source) = kernels[i];
                var identity = kernel.Identity!;
                var invalid = ArtifactVariant.ValidateKernel(identity);
                if (invalid.Count > 0)
                {
                    problems[i] = $"{kernel} left out: not a valid variant ({string.Join("; ", invalid)})";
                    continue;
                }

                var inputs = new BuildInputs(BuildKeys.Headers(kernel.HeaderPackages), default, toolchains[i]);
                for (var d = 0; d < perKernel; d++)
                {
                    var (driver, driverSource) = driverSources[d];
                    slots[(i * perKernel) + d] = new MatrixEntry(BuildKeys.EntryId(identity, driver.Name), identity, driver, inputs with { DriverSource = driverSource }, source);
                }
            }
        }
    }
}
