using KernelAgent.BuildFarm.Matrix;
using KernelAgent.BuildFarm.Matrix.Planning;
using KernelAgent.BuildFarm.Matrix.Snapshots;
using static KernelAgent.BuildFarm.Tests.Matrix.MatrixTestData;

namespace KernelAgent.BuildFarm.Tests.Matrix.Planning;

public sealed class SortedEntriesTests
{
    [Fact]
    public async Task IndexOf_IdsInAnyOrder_FindsEachAndMissesTheRest()
    {
        var entries = await EntriesAsync();
        var sorted = new SortedEntries(entries);
        var order = new[] { 3, 0, 5, 1, 1, 4, 2 };

        Assert.Equal(order, order.Select(i => sorted.IndexOf(entries[i].Id)));
        Assert.Equal(-1, sorted.IndexOf(Sha256Digest.OfText("no such entry")));
    }

    [Fact]
    public async Task IndexOf_RepeatedId_FindsTheLastOfThem()
    {
        var entries = await EntriesAsync();
        List<MatrixEntry> repeated = [entries[1], entries[0], entries[1] with { }];

        Assert.Equal(2, new SortedEntries(repeated).IndexOf(entries[1].Id));
    }

    private static async Task<IReadOnlyList<MatrixEntry>> EntriesAsync()
    {
        var plan = await Planner().PlanAsync(
            PolicyWith(), CatalogOf(Debian(51), Debian(52), Debian(53), Debian(54), Debian(55), Debian(56)), InMemorySnapshot.None, [], CancellationToken.None);
        return plan.Entries;
    }
}
