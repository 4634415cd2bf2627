using KernelAgent.BuildFarm.Headers.Debian;
using KernelAgent.BuildFarm.Headers.Rpm;
using KernelAgent.BuildFarm.Headers.Ubuntu;
using KernelAgent.BuildFarm.Matrix.Scheduling;
using KernelAgent.BuildFarm.Tests.Headers;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Tests.Matrix.Scheduling;

public sealed class ArchiveProbeTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new("archive-probe");

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task CheckAsync_SuitesAndRpmRepository_OneRequestEachAndReleaseOnlyWhereInReleaseIsMissing()
    {
        Write("debian/dists/bookworm/InRelease", "signed 1");
        Write("debian/dists/bookworm-updates/Release", "plain 1");
        Write("rhel/repodata/repomd.xml", "<repomd><revision>1</revision></repomd>");
        using var http = new LocalHttpRepository(_scratch.Path);
        using var client = new HttpClient();
        var probe = Probe(http.BaseUri, client);

        var first = await probe.CheckAsync(CancellationToken.None);
        Assert.Equal(3, first.Count);
        Assert.All(first, c => Assert.NotNull(c.Fingerprint));
        Assert.Equal(["debian", "debian", "rpm"], first.Select(c => c.Family));
        Assert.Equal(4, http.Requests(""));

        Write("debian/dists/bookworm/InRelease", "signed 2");
        var second = await probe.CheckAsync(CancellationToken.None);
        Assert.NotEqual(first[0].Fingerprint, second[0].Fingerprint);
        Assert.Equal(first.Skip(1).Select(c => c.Fingerprint), second.Skip(1).Select(c => c.Fingerprint));
    }

    [Fact]
    public async Task CheckAsync_ArchiveDown_ReportsTheProblemInsteadOfThrowing()
    {
        using var http = new LocalHttpRepository(_scratch.Path);
        using var client = new HttpClient();
        var check = Assert.Single(await Probe(http.BaseUri, client, withUpdates: false, withRpm: false).CheckAsync(CancellationToken.None));
        Assert.Null(check.Fingerprint);
        Assert.Equal("404 Not Found", check.Problem);
    }

    private static ArchiveProbe Probe(Uri root, HttpClient client, bool withUpdates = true, bool withRpm = true)
    {
        var suites = withUpdates ? "bookworm bookworm-updates" : "bookworm";
        var debian = new DebianHeaderSourceOptions { Sources = { $"Types: deb\nURIs: {root}debian\nSuites: {suites}\nComponents: main\n" } };
        var rpm = new RpmHeaderSourceOptions();
        if (withRpm)
        {
            rpm.Repositories.Add(new RpmRepository { DistroId = "rhel", BaseUri = new Uri(root, "rhel") });
        }

        return new ArchiveProbe(Options.Create(debian), Options.Create(new UbuntuHeaderSourceOptions()), Options.Create(rpm), Options.Create(new PrebuildSchedulerOptions()), client);
    }

    private void Write(string relative, string text)
    {
        var path = Path.Join(_scratch.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
