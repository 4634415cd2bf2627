using System.Diagnostics;
using KernelAgent.Store.Backends;

namespace KernelAgent.Store.Tests.Backends.Http;

/// <summary>Asserts that a store call fails as <see cref="StoreErrorKind.Unreachable"/>, and in how long.</summary>
public static class UnreachableAssert
{
    public static async Task<StoreException> FailsWithinAsync(Func<Task> call, TimeSpan within, string detail)
    {
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<StoreException>(call);

        Assert.Equal(StoreErrorKind.Unreachable, error.Kind);
        Assert.Contains(detail, error.Detail, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < within, $"took {clock.Elapsed}, expected under {within}");
        return error;
    }
}
