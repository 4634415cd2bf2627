using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Tests.Headers;
using KernelAgent.BuildFarm.Tests.Headers.Rpm;
using KernelAgent.BuildFarm.Tests.Hosting;
using KernelAgent.Protocol.V1;

namespace KernelAgent.BuildFarm.Tests.Builds;

/// <summary>
/// The farm with its real module builder and real RHEL-family and Amazon Linux header sources, reading a local
/// repository over HTTP that serves a fake kernel-devel built with rpmbuild; only kbuild is a counting fake. The
/// build gets past the headers step: the package is downloaded, verified, extracted, and compiled against.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RpmHeadersBuildTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new("rpm-farm");
    private readonly CountingModuleCompiler _compiler = new();

    public void Dispose() => _scratch.Dispose();

    [Theory(Timeout = 180_000)]
    [InlineData("rocky", "9.3", "kernel-devel", "5.14.0", "362.8.1.el9_3")]
    [InlineData("amzn", "2023", "kernel-devel", "6.1.61", "85.141.amzn2023")]
    public async Task Build_RpmKernelServedByItsRepository_FetchesTheKernelDevelAndCompiles(
        string distro, string distroVersion, string package, string version, string release)
    {
        var token = TestContext.Current.CancellationToken;
        var (_, expected) = await FakeKernelDevelRpm.RepositoryAsync(_scratch.Path, "repository", package, version, release, null, "w19.zstdio", token);
        using var server = new LocalHttpRepository(_scratch.Path);
        var cache = Path.Join(_scratch.Path, "cache");
        await using var farm = await _compiler.StartFarmAsync(
            new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["Headers:Cache:Directory"] = cache,
                ["Headers:Rpm:Repositories:0:DistroId"] = distro,
                ["Headers:Rpm:Repositories:0:VersionId"] = distroVersion.Split('.')[0],
                ["Headers:Rpm:Repositories:0:Architecture"] = KernelMachine.X8664,
                ["Headers:Rpm:Repositories:0:BaseUri"] = new Uri(server.BaseUri, "repository/").AbsoluteUri,
                ["Headers:Rpm:Repositories:0:AllowUnsigned"] = "true",
            });
        var target = new KernelTarget(distro, distroVersion, KernelMachine.X8664, $"{version}-{release}.x86_64", "#1 SMP PREEMPT_DYNAMIC Tue Nov 7 14:54:22 UTC 2023");
        var request = new BuildRequest { Variant = RealFarm.Variant(target), Driver = TestVariants.Sample, RequestedBy = "rpm-test" };

        var stream = await BuildStreams.ReadAllAsync(farm.Client.Build(request, cancellationToken: token), token);

        Assert.Null(stream.Error);
        Assert.True(stream.Last.State == BuildState.Succeeded, $"{stream.Last}");
        Assert.Equal(1, _compiler.Calls);
        Assert.Equal(1, server.Requests(".rpm"));
        Assert.True(File.Exists(Path.Join(cache, "packages", "sha256", expected.Sha256)));
        var fetches = stream.Events.Where(e => e.DetailCase == BuildEvent.DetailOneofCase.FetchingHeaders).Select(e => e.FetchingHeaders).ToList();
        Assert.Contains(fetches, f => !f.FromCache);
        Assert.True((await farm.Client.ResolveAsync(new ResolveRequest { Variant = request.Variant, Driver = request.Driver }, cancellationToken: token)).Found);
    }
}
