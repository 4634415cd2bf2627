using KernelAgent.BuildFarm.Matrix;
using KernelAgent.BuildFarm.Matrix.Apply;
using KernelAgent.BuildFarm.Matrix.Catalog;
using KernelAgent.BuildFarm.Matrix.Scheduling;
using static KernelAgent.BuildFarm.Tests.Matrix.MatrixTestData;

namespace KernelAgent.BuildFarm.Tests.Matrix.Scheduling;

public sealed class StatusBookTests
{
    private static readonly PrebuildSchedulerOptions Options = new() { RetryBackoff = TimeSpan.FromMinutes(15), MaxRetryBackoff = TimeSpan.FromMinutes(40) };

    [Fact]
    public async Task Finished_BuildFailsRepeatedly_RetryWaitsDoubleUpToTheMaximum()
    {
        var status = new PrebuildStatus();
        var book = new StatusBook(status, Options);
        var session = await SessionAsync(Debian(57));
        book.Track(session, Now, new HashSet<string>());
        var entry = session.Plan.Added[0].Entry;

        var waits = new List<TimeSpan>();
        var at = Now;
        for (var i = 0; i < 3; i++)
        {
            book.Finished(new EntryResult(entry, EntryOutcome.Failed, "b1", "compile: error"), at);
            var module = status.Kernels[0].Modules[0];
            waits.Add(module.NextAttempt!.Value - at);
            Assert.Contains(entry.Id, book.Deferred(at));
            Assert.False(book.RetryDue(at));
            Assert.True(book.RetryDue(module.NextAttempt.Value));
            at = module.NextAttempt.Value;
        }

        Assert.Equal([TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(40)], waits);
        book.Summarize();
        Assert.Equal(KernelStates.Failed, status.Kernels[0].State);
        Assert.Contains("compile: error", status.Kernels[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Track_KernelsOfTheCrawl_NewOnesFirstSeenNowAndOthersSayWhyNotCovered()
    {
        var status = new PrebuildStatus();
        var book = new StatusBook(status, Options);
        book.Track(await SessionAsync(Debian(56)), Now, new HashSet<string>());
        Assert.True(status.Kernels.Single().Baseline);
        status.Archives["http://archive/dists/bookworm/InRelease"] = "a";

        var later = Now.AddMinutes(5);
        var session = await SessionAsync(Debian(56), Debian(57), Debian(57, "rt-amd64"));
        book.Track(session, later, new HashSet<string>());
        var byRelease = status.Kernels.ToDictionary(k => k.Release);
        Assert.Equal(Now, byRelease["6.1.0-56-amd64"].FirstSeen);
        Assert.Equal(later, byRelease["6.1.0-57-amd64"].FirstSeen);
        Assert.False(byRelease["6.1.0-57-amd64"].Baseline);
        Assert.Equal(KernelStates.Building, byRelease["6.1.0-57-amd64"].State);
        Assert.Equal(KernelStates.OutsidePolicy, byRelease["6.1.0-57-rt-amd64"].State);
        Assert.Contains("leaves it out", byRelease["6.1.0-57-rt-amd64"].Reason, StringComparison.Ordinal);

        var entry = session.Plan.Added.Single(a => a.Entry.Kernel.KernelRelease == "6.1.0-57-amd64").Entry;
        var kernel = book.Finished(new EntryResult(entry, EntryOutcome.Published, "b2", null), later.AddSeconds(40));
        var covered = book.Summarize();
        Assert.Same(kernel, Assert.Single(covered));
        Assert.Equal(KernelStates.Covered, kernel!.State);
        Assert.Equal(TimeSpan.FromSeconds(40), kernel.CoveredAt - kernel.FirstSeen);
    }

    private static async Task<SessionPlan> SessionAsync(params CatalogKernel[] kernels)
    {
        var catalog = CatalogOf(kernels);
        var plan = await Planner().PlanAsync(PolicyWith(newestAbis: 2, flavours: "\"amd64\""), catalog, null, [], CancellationToken.None);
        return new SessionPlan(plan, catalog, [], []);
    }
}
