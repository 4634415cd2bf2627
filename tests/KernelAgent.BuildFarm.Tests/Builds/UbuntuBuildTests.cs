using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Tests.Headers;
using KernelAgent.BuildFarm.Tests.Headers.Ubuntu;
using KernelAgent.BuildFarm.Tests.Hosting;
using KernelAgent.Protocol.V1;

namespace KernelAgent.BuildFarm.Tests.Builds;

/// <summary>
/// An Ubuntu kernel built by the whole farm with its real module builder and Ubuntu header source, against a
/// small archive of real .deb packages served over HTTP on 127.0.0.1 (<see cref="FakeUbuntuArchive"/>); only kbuild
/// is replaced by a recording fake, since the packages hold no real kernel tree.
/// </summary>
[Trait("Category", "Integration")]
public sealed class UbuntuBuildTests : IDisposable
{
    private readonly ScratchDirectory _mirror = new("ubuntu-mirror");
    private readonly CountingModuleCompiler _compiler = new();
    private readonly LocalHttpRepository _server;

    public UbuntuBuildTests()
    {
        IntegrationRequirement.Require(FakeUbuntuArchive.DpkgDebAvailable, "dpkg-deb (Debian package dpkg) builds and extracts the fake Ubuntu packages");
        FakeUbuntuArchive.Create(Path.Join(_mirror.Path, "ubuntu"));
        _server = new LocalHttpRepository(_mirror.Path);
    }

    private static KernelVariant Jammy => new()
    {
        DistroId = "ubuntu",
        DistroVersionId = "22.04",
        Arch = "x86_64",
        KernelRelease = FakeUbuntuArchive.Release,
        KernelVersion = FakeUbuntuArchive.Build,
    };

    [Fact(Timeout = 120_000)]
    public async Task Build_UbuntuKernelOnTheArchive_FetchesItsHeadersCompilesInTheFlavourFolderAndReusesTheRoot()
    {
        var token = TestContext.Current.CancellationToken;
        var settings = TestVariants.NextVersionSettings();
        settings["Headers:Ubuntu:ArchiveUri"] = new Uri(_server.BaseUri, "ubuntu/").AbsoluteUri;
        settings["Headers:Ubuntu:HostArchitecture"] = "amd64";
        await using var farm = await _compiler.StartFarmAsync(settings);

        var first = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(Jammy), cancellationToken: token), token);
        var second = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(Jammy, driver: TestVariants.NextSample), cancellationToken: token), token);

        Assert.Equal((BuildState.Succeeded, BuildState.Succeeded), (first.Last.State, second.Last.State));
        Assert.Contains(first.Events, e => e.FetchingHeaders?.Package == FakeUbuntuArchive.CommonPackage && e.FetchingHeaders.FromCache == false);
        Assert.All(second.Events.Where(e => e.DetailCase == BuildEvent.DetailOneofCase.FetchingHeaders), e => Assert.True(e.FetchingHeaders.FromCache));
        Assert.Equal(2, _server.Requests(".deb"));
        Assert.All(_compiler.Compilations, c =>
        {
            Assert.EndsWith(Path.Join("usr", "src", FakeUbuntuArchive.FlavourPackage), c.Headers.BuildDirectory, StringComparison.Ordinal);
            Assert.Null(c.Headers.MakefilePath);
            Assert.Equal(FakeUbuntuArchive.Compiler, c.Headers.ExpectedCompiler);
            Assert.Equal([FakeUbuntuArchive.FlavourPackage, FakeUbuntuArchive.CommonPackage], c.Headers.Packages.Select(p => p.Name));
        });
        Assert.Equal(2, _compiler.Calls);
        var metrics = (await farm.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative), token)).Split('\n');
        Assert.Contains("kernelagent_headers_roots_total{result=\"extracted\"} 1", metrics);
        Assert.Contains("kernelagent_headers_roots_total{result=\"reused\"} 1", metrics);
        Assert.True((await farm.Client.ResolveAsync(TestVariants.Resolve(Jammy), cancellationToken: token)).Found);
    }

    public void Dispose()
    {
        _server.Dispose();
        _mirror.Dispose();
    }
}
