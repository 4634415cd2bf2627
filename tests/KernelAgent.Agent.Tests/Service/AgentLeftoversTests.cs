using KernelAgent.Agent.Loading;
using KernelAgent.Agent.Service;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KernelAgent.Agent.Tests.Service;

/// <summary>Temp files of a killed agent are removed before a pass; a recent one (a write in progress) is kept.</summary>
public sealed class AgentLeftoversTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("kernelagent-leftovers-");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void Sweep_TempFilesOlderThanTheGrace_AreRemovedFromCacheStateAndEveryInstallFolder()
    {
        var options = new AgentOptions
        {
            HostRoot = Path.Join(_root.FullName, "host"),
            CacheDirectory = Path.Join(_root.FullName, "cache"),
            StateDirectory = Path.Join(_root.FullName, "state"),
        };
        var cacheTemp = Write(Path.Join(options.CacheDirectory, new string('a', 64), "module.ko.tmp-0123"), TimeSpan.FromHours(2));
        var stateTemp = Write(Path.Join(options.StateDirectory, "last-pass.json.tmp-4242"), TimeSpan.FromHours(2));
        var moduleTemp = Write(Path.Join(options.HostRoot, "lib", "modules", "6.1.0-56-amd64", "extra", ".kagent_sample.ko.tmp-ab"), TimeSpan.FromHours(2));
        var dkmsTemp = Write(Path.Join(options.HostRoot, "lib", "modules", "6.1.0-56-amd64", "updates", "dkms", ".jool.ko.tmp-cd"), TimeSpan.FromHours(2));
        var recordedTemp = Write(Path.Join(options.HostRoot, "lib", "modules", "6.1.0-56-amd64", "kernel", "drivers", "net", ".ovpn-dco-v2.ko.tmp-ef"), TimeSpan.FromHours(2));
        var distributionFile = Write(Path.Join(options.HostRoot, "lib", "modules", "6.1.0-56-amd64", "kernel", "fs", ".other.ko.tmp-00"), TimeSpan.FromHours(2));
        var installed = new InMemoryInstalledModules(
            new InstalledModuleRecord("ovpn-dco-v2", "6.1.0-56-amd64", "", "", "", Path.Join(Path.GetDirectoryName(recordedTemp)!, "ovpn-dco-v2.ko"), _time.GetUtcNow()));
        var inProgress = Write(Path.Join(options.CacheDirectory, new string('b', 64), "module.ko.tmp-4567"), TimeSpan.FromMinutes(1));
        var cached = Write(Path.Join(options.CacheDirectory, new string('a', 64), "module.ko"), TimeSpan.FromHours(2));
        var leftovers = new AgentLeftovers(Options.Create(options), installed, _time, NullLogger<AgentLeftovers>.Instance);

        var removed = leftovers.Sweep();

        Assert.Equal(new[] { cacheTemp, stateTemp, moduleTemp, dkmsTemp, recordedTemp }.Order(StringComparer.Ordinal), removed.Order(StringComparer.Ordinal));
        Assert.True(File.Exists(inProgress));
        Assert.True(File.Exists(cached));
        Assert.True(File.Exists(distributionFile));
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal([inProgress], leftovers.Sweep());
    }

    private sealed class InMemoryInstalledModules(params InstalledModuleRecord[] records) : IInstalledModuleStore
    {
        public InstalledModuleRecord? Read(string name, string release) => records.FirstOrDefault(r => r.Name == name && r.Release == release);

        public IReadOnlyList<InstalledModuleRecord> ReadAll() => records;

        public void Write(InstalledModuleRecord record) => throw new NotSupportedException();
    }

    private string Write(string path, TimeSpan age)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
        File.SetLastWriteTimeUtc(path, (_time.GetUtcNow() - age).UtcDateTime);
        return path;
    }
}
