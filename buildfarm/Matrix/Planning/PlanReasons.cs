using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Matrix.Policy;
using KernelAgent.BuildFarm.Matrix.Snapshots;

namespace KernelAgent.BuildFarm.Matrix.Planning;

/// <summary>
/// The diff by entry id, and why each entry moves. An added kernel is "new" when the previous snapshot's own
/// policy would also include it today (so only the catalog changed), else "policy changed"; a changed entry's
/// reasons compare its input digests with the snapshot's; a retired entry is "removed" when the catalog no longer
/// has its kernel, else it left the window, the policy, or the hot set.
/// </summary>
internal static class PlanReasons
{
    /// <summary>Reads the previous snapshot once, keeping only what differs from <paramref name="entries"/> (sorted by id).</summary>
    public static async Task<PlanDiff> DiffAsync(
        SupportPolicy policy, KernelCatalog catalog, IPreviousSnapshot previous, IReadOnlyList<MatrixEntry> entries, CancellationToken cancellationToken)
    {
        var visitor = new DiffVisitor(new SortedEntries(entries));
        var header = await previous.ReadAsync(visitor, cancellationToken);
        var (matched, changed, gone, unchanged, previousCount) = (visitor.MatchedEntries, visitor.Changed, visitor.Gone, visitor.Unchanged, visitor.Count);

        var policyChanged = header is not null && header.PolicyDigest != policy.Digest;
        var earlierPolicy = policyChanged ? new Lazy<EarlierPolicy?>(() => EarlierPolicy.Of(header!, catalog)) : null;
        var added = new List<PlannedChange>();
        for (var i = 0; i < entries.Count; i++)
        {
            if (!matched[i])
            {
                added.Add(new PlannedChange(entries[i], AddedReason(entries[i], header, earlierPolicy), null));
            }
        }

        var byRelease = gone.Count == 0 ? null : catalog.Kernels.ToLookup(k => (k.Distro, k.DistroVersion, k.Arch, k.Release));
        var retired = gone.Select(old => new RetiredEntry(old, RetiredReason(old, earlierPolicy, byRelease!))).ToList();
        return new PlanDiff(header, previousCount, added, changed, retired, unchanged);
    }

    private static ChangeReasons AddedReason(MatrixEntry entry, SnapshotHeader? previous, Lazy<EarlierPolicy?>? earlierPolicy)
    {
        if (entry.Source == EntrySource.Demand)
        {
            return ChangeReasons.Demand;
        }

        if (previous is null || earlierPolicy is null)
        {
            return ChangeReasons.NewKernel;
        }

        return earlierPolicy.Value?.Includes(entry) == true ? ChangeReasons.NewKernel : ChangeReasons.PolicyChanged;
    }

    private static ChangeReasons ChangedReasons(PreviousEntryState old, MatrixEntry entry)
    {
        var reasons = ChangeReasons.None;
        if (old.DriverVersion != entry.Driver.Version)
        {
            reasons |= ChangeReasons.DriverVersionBump;
        }
        else if (old.Inputs.DriverSource != entry.Inputs.DriverSource)
        {
            reasons |= ChangeReasons.DriverSourceChanged;
        }

        if (old.Inputs.Headers != entry.Inputs.Headers)
        {
            reasons |= ChangeReasons.HeaderPackageChanged;
        }

        if (old.Inputs.Toolchain != entry.Inputs.Toolchain)
        {
            reasons |= ChangeReasons.ToolchainChanged;
        }

        return reasons;
    }

    // Gone from the catalog: removed. Otherwise, when the snapshot's own policy would still include it today, it is
    // the policy that dropped it; when not, newer ABIs pushed it out of the window (or no host reports it any more).
    private static RetireReason RetiredReason(
        MatrixEntry old, Lazy<EarlierPolicy?>? earlierPolicy, ILookup<(string, string, string, string), CatalogKernel> byRelease)
    {
        var k = old.Kernel;
        var inCatalog = byRelease[(k.DistroId, k.DistroVersionId, k.Arch, k.KernelRelease)]
            .Any(c => c.BuildString == k.KernelVersion || (c.BuildString is null && BuildStringMatcher.Fits(c, k.KernelVersion)));
        if (!inCatalog)
        {
            return RetireReason.KernelRemoved;
        }

        if (old.Source == EntrySource.Demand)
        {
            return RetireReason.DemandExpired;
        }

        return earlierPolicy is not null && earlierPolicy.Value?.Includes(old) != false ? RetireReason.PolicyChanged : RetireReason.LeftWindow;
    }

    /// <summary>Sorts the previous snapshot's entries into unchanged, changed and gone, keeping only the last two.</summary>
    private sealed class DiffVisitor(SortedEntries entries) : ISnapshotEntryVisitor
    {
        private int _current = -1;

        public bool[] MatchedEntries { get; } = new bool[entries.Count];

        public List<PlannedChange> Changed { get; } = [];

        public List<MatrixEntry> Gone { get; } = [];

        public int Unchanged { get; private set; }

        public int Count { get; private set; }

        public MatrixEntry? Current(Sha256Digest id)
        {
            _current = entries.IndexOf(id);
            return _current < 0 ? null : entries[_current];
        }

        public void Matched(MatrixEntry current, PreviousEntryState previous)
        {
            Count++;
            MatchedEntries[_current >= 0 && ReferenceEquals(entries[_current], current) ? _current : entries.IndexOf(current.Id)] = true;
            if (previous.SameBuildAs(current))
            {
                current.AdoptKeys(previous.VariantKey, previous.BuildKey);
                Unchanged++;
            }
            else
            {
                Changed.Add(new PlannedChange(current, ChangedReasons(previous, current), previous.ToEntry(current)));
            }
        }

        public void Unmatched(MatrixEntry previous)
        {
            Count++;
            Gone.Add(previous);
        }
    }

    /// <summary>What the snapshot's own policy includes in today's catalog.</summary>
    private sealed class EarlierPolicy(HashSet<(string, string, string, string)> releases, HashSet<string> drivers)
    {
        public static EarlierPolicy? Of(SnapshotHeader previous, KernelCatalog catalog)
        {
            SupportPolicy earlier;
            try
            {
                earlier = SupportPolicyParser.Parse(previous.PolicyJson, $"of snapshot {previous.Id}");
            }
            catch (PolicyValidationException)
            {
                // A policy this version cannot read: every addition is then put down to the policy.
                return null;
            }

            var releases = KernelSelector.Select(earlier, catalog.Kernels).Select(k => (k.Distro, k.DistroVersion, k.Arch, k.Release)).ToHashSet();
            return new EarlierPolicy(releases, [.. earlier.Drivers.Select(d => d.Name)]);
        }

        public bool Includes(MatrixEntry entry) =>
            drivers.Contains(entry.Driver.Name)
            && releases.Contains((entry.Kernel.DistroId, entry.Kernel.DistroVersionId, entry.Kernel.Arch, entry.Kernel.KernelRelease));
    }
}
