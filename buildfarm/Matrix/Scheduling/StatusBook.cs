using System.Globalization;
using KernelAgent.BuildFarm.Matrix.Apply;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Matrix.Planning;
using KernelAgent.Store.Variants;

namespace KernelAgent.BuildFarm.Matrix.Scheduling;

/// <summary>
/// Keeps <see cref="PrebuildStatus.Kernels"/> in step with a tick: kernels the crawl lists (first-seen kept across
/// ticks), the modules the plan wants for each, what the run made of them, and why a kernel is not covered.
/// </summary>
internal sealed class StatusBook(PrebuildStatus status, PrebuildSchedulerOptions options)
{
    private Dictionary<string, KernelStatus> _byKey = [];
    private Dictionary<string, ModuleStatus> _modules = new(StringComparer.Ordinal);

    public static string KeyOf(CatalogKernel kernel) =>
        $"{kernel.Distro} {kernel.DistroVersion} {kernel.Arch} {kernel.Release} {kernel.PackageVersion}";

    public static string Describe(KernelStatus kernel) =>
        $"{kernel.Distro} {kernel.DistroVersion} {kernel.Arch} {kernel.Release} ({kernel.BuildString ?? kernel.PackageVersion})";

    /// <summary>Entry ids whose last build failed and whose retry is not due yet.</summary>
    public IReadOnlySet<string> Deferred(DateTimeOffset now) =>
        status.Kernels.SelectMany(k => k.Modules).Where(m => m.NextAttempt > now).Select(m => m.EntryId).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether some failed build's retry is due.</summary>
    public bool RetryDue(DateTimeOffset now) => status.Kernels.SelectMany(k => k.Modules).Any(m => m.Failures > 0 && m.NextAttempt <= now);

    /// <summary>Takes in a new crawl and plan: kernels gone from the archive leave, new ones get their first-seen time.</summary>
    public void Track(SessionPlan session, DateTimeOffset now, IReadOnlySet<string> deferred)
    {
        var baseline = status.Archives.Count == 0 && status.Kernels.Count == 0;
        var previous = status.Kernels.ToDictionary(k => k.Key, StringComparer.Ordinal);
        var plan = session.Plan;
        var byIdentity = new Dictionary<KernelIdentity, string>();
        var byRelease = new Dictionary<(string, string, string, string), string>();
        var kernels = new List<KernelStatus>();
        foreach (var kernel in session.Catalog.Kernels)
        {
            var key = KeyOf(kernel);
            var known = previous.GetValueOrDefault(key) ?? new KernelStatus
            {
                Key = key, Distro = kernel.Distro, DistroVersion = kernel.DistroVersion, Arch = kernel.Arch, Release = kernel.Release,
                PackageVersion = kernel.PackageVersion, FirstSeen = now, Baseline = baseline,
            };
            known.BuildString ??= kernel.BuildString;
            if (kernel.Identity is { } identity)
            {
                byIdentity.TryAdd(identity, key);
            }

            byRelease.TryAdd((kernel.Distro, kernel.DistroVersion, kernel.Arch, kernel.Release), key);
            kernels.Add(known);
        }

        _byKey = kernels.ToDictionary(k => k.Key, StringComparer.Ordinal);
        var work = plan.Added.Concat(plan.Changed).Select(c => c.Entry.Id).ToHashSet(StringComparer.Ordinal);
        var wanted = new Dictionary<string, List<ModuleStatus>>(StringComparer.Ordinal);
        foreach (var entry in plan.Entries)
        {
            var k = entry.Kernel;
            if (!byIdentity.TryGetValue(k, out var key) && !byRelease.TryGetValue((k.DistroId, k.DistroVersionId, k.Arch, k.KernelRelease), out key))
            {
                continue;
            }

            var kernel = _byKey[key];
            kernel.BuildString ??= k.KernelVersion;
            var module = kernel.Modules.FirstOrDefault(m => m.EntryId == entry.Id)
                ?? new ModuleStatus { EntryId = entry.Id, Driver = entry.Driver.Name, DriverVersion = entry.Driver.Version };
            if (!work.Contains(entry.Id))
            {
                // In the last snapshot: published by an earlier run.
                module.State = KernelStates.Published;
                module.PublishedAt ??= now;
            }
            else if (!deferred.Contains(entry.Id) && module.PublishedAt is null)
            {
                module.State = KernelStates.Building;
            }

            (wanted.TryGetValue(key, out var list) ? list : wanted[key] = []).Add(module);
        }

        var unresolved = plan.Unresolved.Select(KeyOf).ToHashSet(StringComparer.Ordinal);
        foreach (var kernel in kernels)
        {
            kernel.Modules = wanted.GetValueOrDefault(kernel.Key) ?? [];
            if (kernel.Modules.Count == 0)
            {
                kernel.CoveredAt = null;
                (kernel.State, kernel.Reason) = unresolved.Contains(kernel.Key)
                    ? (KernelStates.Unresolved, "its exact build string (uname -v) is not known yet")
                    : (KernelStates.OutsidePolicy, OutsideReason(plan, kernel));
            }
        }

        status.Kernels = [.. kernels.OrderBy(k => k.Key, StringComparer.Ordinal)];
        _modules = status.Kernels.SelectMany(k => k.Modules).ToDictionary(m => m.EntryId, StringComparer.Ordinal);
        Summarize();
    }

    /// <summary>Records one entry's end; returns the kernel it belongs to, or null when the book does not know it.</summary>
    public KernelStatus? Finished(EntryResult result, DateTimeOffset at)
    {
        if (!_modules.TryGetValue(result.Entry.Id, out var module))
        {
            return null;
        }

        if (result.Succeeded)
        {
            (module.State, module.PublishedAt, module.Failures, module.NextAttempt, module.Reason) = (KernelStates.Published, at, 0, null, null);
        }
        else
        {
            module.Failures++;
            var wait = TimeSpan.FromTicks(Math.Min(options.MaxRetryBackoff.Ticks, options.RetryBackoff.Ticks * (1L << Math.Min(module.Failures - 1, 20))));
            module.NextAttempt = at + wait;
            module.Reason = result.Message ?? result.Outcome.ToString();
            module.State = module.PublishedAt is null ? KernelStates.Failed : KernelStates.Published;
        }

        return status.Kernels.FirstOrDefault(k => k.Modules.Contains(module));
    }

    /// <summary>Sets each kernel with modules to covered, failed or building; returns those covered just now.</summary>
    public List<KernelStatus> Summarize()
    {
        var covered = new List<KernelStatus>();
        foreach (var kernel in status.Kernels.Where(k => k.Modules.Count > 0))
        {
            var failed = kernel.Modules.FirstOrDefault(m => m.State == KernelStates.Failed);
            if (kernel.Modules.All(m => m.State == KernelStates.Published))
            {
                if (kernel.CoveredAt is null)
                {
                    kernel.CoveredAt = kernel.Modules.Max(m => m.PublishedAt);
                    covered.Add(kernel);
                }

                (kernel.State, kernel.Reason) = (KernelStates.Covered, null);
            }
            else if (failed is not null)
            {
                (kernel.State, kernel.Reason) = (KernelStates.Failed,
                    $"{failed.Driver} {failed.DriverVersion}: {failed.Reason} (failed {failed.Failures} time(s); next try {failed.NextAttempt?.ToString("u", CultureInfo.InvariantCulture)})");
            }
            else
            {
                (kernel.State, kernel.Reason) = (KernelStates.Building, $"{kernel.Modules.Count(m => m.State != KernelStates.Published)} module(s) queued or building");
            }
        }

        return covered;
    }

    private static string OutsideReason(MatrixPlan plan, KernelStatus kernel)
    {
        var catalogKernel = plan.Policy.Targets.FirstOrDefault(t => t.Distro == kernel.Distro && t.Versions.Contains(kernel.DistroVersion) && t.Arches.Contains(kernel.Arch));
        return catalogKernel is null
            ? $"policy '{plan.Policy.Name}' has no target for {kernel.Distro} {kernel.DistroVersion} {kernel.Arch}"
            : $"policy '{plan.Policy.Name}' leaves it out (flavour or series not listed, or older than the newest {catalogKernel.NewestAbis} ABI(s) of its series)";
    }
}
