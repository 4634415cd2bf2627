using System.Diagnostics;
using KernelAgent.Agent.Identity;

namespace KernelAgent.Agent.Tests.Identity;

/// <summary>Issue 11 item 5: identity files are read from regular files only, with a size limit, never blocking.</summary>
public sealed class HostFileReaderTests : IDisposable
{
    private readonly FixtureHost _host = FixtureHost.From("debian-12-amd64");

    public void Dispose() => _host.Dispose();

    [Fact(Timeout = 20_000)]
    public async Task ReadTextIfExists_Fifo_IsRefusedAtOnceNamingItAFifo()
    {
        var path = MakeFifo("proc/sys/kernel/version");
        var watch = Stopwatch.StartNew();

        var read = Task.Run(() => HostFileReader.ReadTextIfExists(_host.Root, "proc/sys/kernel/version", 4096), TestContext.Current.CancellationToken);
        var finished = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));

        Assert.Same(read, finished);
        var e = await Assert.ThrowsAsync<IdentityException>(() => read);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("is a FIFO (named pipe), not a regular file", e.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public void ReadTextIfExists_Directory_IsRefusedNamingIt()
    {
        Directory.CreateDirectory(_host.FullPath("etc/os-release.d"));

        var e = Assert.Throws<IdentityException>(() => HostFileReader.ReadTextIfExists(_host.Root, "etc/os-release.d", 4096));

        Assert.Contains("is a directory, not a regular file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadTextIfExists_LargerThanTheLimit_IsRefusedNamingTheLimit()
    {
        _host.Write("proc/sys/kernel/version", new string('x', 5000));

        var e = Assert.Throws<IdentityException>(() => HostFileReader.ReadTextIfExists(_host.Root, "proc/sys/kernel/version", 4096));

        Assert.Contains("is larger than 4096 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadTextIfExists_Missing_IsNull()
    {
        Assert.Null(HostFileReader.ReadTextIfExists(_host.Root, "etc/no-such-file", 4096));
        Assert.Null(HostFileReader.ReadTextIfExists(_host.Root, "proc/sys/kernel/version/below-a-file", 4096));
    }

    [Fact]
    public void ReadTextIfExists_RegularFile_IsReadWhole()
    {
        Assert.StartsWith("#1 SMP", HostFileReader.ReadTextIfExists(_host.Root, "proc/sys/kernel/version", 4096), StringComparison.Ordinal);
    }

    [Fact(Timeout = 20_000)]
    public async Task IdentityProbe_FifoAsKernelVersion_IsAnIdentityProblemNotAHang()
    {
        MakeFifo("proc/sys/kernel/version");

        var probe = Task.Run(() => _host.Probe().Probe(), TestContext.Current.CancellationToken);
        Assert.Same(probe, await Task.WhenAny(probe, Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)));
        var e = await Assert.ThrowsAsync<IdentityException>(() => probe);

        Assert.Contains("FIFO", e.Message, StringComparison.Ordinal);
    }

    private string MakeFifo(string relative)
    {
        var path = _host.FullPath(relative);
        File.Delete(path);
        var start = new ProcessStartInfo("mkfifo") { ArgumentList = { path } };
        using var mkfifo = Process.Start(start)!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }
}
