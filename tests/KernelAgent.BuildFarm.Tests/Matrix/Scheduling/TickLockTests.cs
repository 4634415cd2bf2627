using KernelAgent.BuildFarm.Matrix.Scheduling;
using KernelAgent.BuildFarm.Tests.Headers;

namespace KernelAgent.BuildFarm.Tests.Matrix.Scheduling;

public sealed class TickLockTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new("tick-lock");

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void TryAcquire_HeldElsewhere_ReturnsNullUntilReleased()
    {
        var path = TickLock.PathIn(_scratch.Path);
        using (var held = TickLock.TryAcquire(path))
        {
            Assert.NotNull(held);
            Assert.Null(TickLock.TryAcquire(path));
        }

        using var again = TickLock.TryAcquire(path);
        Assert.NotNull(again);
    }

    [Fact]
    public async Task TryAcquire_HeldByAnotherProcess_ReturnsNull()
    {
        var path = TickLock.PathIn(_scratch.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // flock(1) from util-linux holds the same kind of lock .NET takes, from another process.
        using var holder = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("flock", ["--exclusive", path, "sleep", "30"]))!;
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            TickLock? acquired;
            while ((acquired = TickLock.TryAcquire(path)) is not null && DateTime.UtcNow < deadline)
            {
                // flock may not have taken it yet.
                acquired.Dispose();
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }

            Assert.Null(acquired);
        }
        finally
        {
            holder.Kill();
            await holder.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }
}
