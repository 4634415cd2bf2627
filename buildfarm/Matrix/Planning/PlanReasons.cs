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
    /// <summary>The new matrix against the previous snapshot (null: there is none), by entry id.</summary>
    /// <remarks>An unchanged entry is replaced in <paramref name="entries"/> by the snapshot's, whose keys are known.</remarks>
    public static PlanDiff Diff(SupportPolicy policy, KernelCatalog catalog, MatrixSnapshot? previous, List<MatrixEntry> entries)
    {
        var header = previous?.Header;
        var before = new Dictionary<string, MatrixEntry>(StringComparer.Ordinal);
        foreach (var old in previous?.Entries ?? [])
        {
            before[old.Id] = old;
        }

        var policyChanged = header is not null && header.PolicyDigest != policy.Digest;
        var earlierPolicy = policyChanged ? new Lazy<EarlierPolicy?>(() => EarlierPolicy.Of(header!, catalog)) : null;
        var (added, changed, unchanged) = (new List<PlannedChange>(), new List<PlannedChange>(), 0);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (!before.Remove(entry.Id, out var old))
            {
                added.Add(new PlannedChange(entry, AddedReason(entry, header, earlierPolicy), null));
            }
            else if (old.Driver.Version == entry.Driver.Version && old.Inputs == entry.Inputs)
            {
                entries[i] = old.Source == entry.Source ? old : entry;
                unchanged++;
            }
            else
            {
                changed.Add(new PlannedChange(entry, ChangedReasons(old, entry), old));
            }
        }

        // What is left the new matrix lacks, in the snapshot's order.
        var gone = previous?.Entries.Where(e => before.Remove(e.Id)).ToList() ?? [];
        var byRelease = gone.Count == 0 ? null : catalog.Kernels.ToLookup(k => (k.Distro, k.DistroVersion, k.Arch, k.Release));
        var retired = gone.Select(old => new RetiredEntry(old, RetiredReason(old, earlierPolicy, byRelease!))).ToList();
        return new PlanDiff(added, changed, retired, unchanged);
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

    private static ChangeReasons ChangedReasons(MatrixEntry old, MatrixEntry entry)
    {
        var reasons = ChangeReasons.None;
        if (old.Driver.Version != entry.Driver.Version)
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
