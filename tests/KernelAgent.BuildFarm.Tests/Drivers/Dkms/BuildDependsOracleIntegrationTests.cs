using Grpc.Core;
using KernelAgent.BuildFarm.Tests.Builds;
using KernelAgent.BuildFarm.Tests.Compilation;
using KernelAgent.BuildFarm.Tests.Headers;
using KernelAgent.BuildFarm.Tests.Headers.Debian;
using KernelAgent.Protocol.V1;

namespace KernelAgent.BuildFarm.Tests.Drivers.Dkms;

/// <summary>
/// BUILD_DEPENDS against Debian's dkms itself: the same trees (ours) go through <c>dkms autoinstall</c> (dkms 3.0 reads
/// BUILD_DEPENDS there) and through the farm (a request for the top driver); both build the dependencies first in
/// the same order, and both refuse a driver whose dependency is missing, naming it.
/// </summary>
[Trait("Category", "Integration")]
[Collection(DebianArchiveTestGroup.Name)]
public sealed class BuildDependsOracleIntegrationTests(DebianHeadersFixture kernels, ITestOutputHelper output)
{
    [Fact]
    public async Task Build_ChainOfBuildDepends_SameOrderAsDkmsAutoinstall()
    {
        using var scratch = new ScratchDirectory("build-depends-oracle");
        var (dkms, farmOrder, farmStream) = await BothAsync(["katop=kamid kabase", "kamid=kabase", "kabase"], "katop", scratch.Path, TestContext.Current.CancellationToken);

        Assert.True(dkms.ExitCode == 0, dkms.Output);
        Assert.Equal(["kabase", "kamid", "katop"], dkms.BuildOrder);
        Assert.Equal(dkms.BuildOrder, farmOrder);
        Assert.Equal(BuildState.Succeeded, farmStream.Last.State);
    }

    [Fact]
    public async Task Build_BuildDependsNotThere_RefusedNamingItAsDkmsDoes()
    {
        using var scratch = new ScratchDirectory("build-depends-missing");
        var (dkms, farmOrder, farmStream) = await BothAsync(["kauser=kaabsent"], "kauser", scratch.Path, TestContext.Current.CancellationToken);

        Assert.NotEqual(0, dkms.ExitCode);
        Assert.Contains("kauser/1.0 autoinstall failed due to missing dependencies: kaabsent", dkms.Output, StringComparison.Ordinal);
        Assert.Empty(dkms.BuildOrder);
        Assert.Empty(farmOrder);
        var error = Assert.IsType<RpcException>(farmStream.Error);
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("BUILD_DEPENDS names 'kaabsent'", error.Status.Detail, StringComparison.Ordinal);
    }

    /// <summary>
    /// The same trees through <c>dkms autoinstall</c> and through the farm (its builder a stand-in: the order is the
    /// point) asked for <paramref name="top"/>: what each built, in order.
    /// </summary>
    private async Task<((IReadOnlyList<string> BuildOrder, int ExitCode, string Output) Dkms, IReadOnlyList<string> FarmOrder, BuildStream FarmStream)> BothAsync(
        string[] drivers, string top, string scratch, CancellationToken token)
    {
        kernels.Require();
        IntegrationRequirement.Require(DkmsOracle.Available, "dkms and bubblewrap are needed (Debian packages dkms, bubblewrap)");
        var sources = Path.Join(scratch, "src");
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal) { ["Builds:Workers"] = "1" };
        BuildDependsTrees.Write(sources, drivers, settings);
        var headers = await SampleModuleBuild.SharedHeadersAsync(kernels.Amd64, token);
        var dkms = await DkmsOracle.AutoinstallAsync(scratch, sources, [.. drivers.Select(d => (d.Split('=')[0], BuildDependsTrees.Version))], headers, token);

        await using var farm = await FakeBuilderFarm.StartAsync(settings);
        var builder = farm.Service<FakeModuleBuilder>();
        var stream = await BuildStreams.ReadAllAsync(
            farm.Client.Build(TestVariants.Build(driver: new DriverRef { Name = top, Version = BuildDependsTrees.Version }), cancellationToken: token), token);
        var order = new List<string>();
        for (var i = 0; i < builder.Builds; i++)
        {
            order.Add((await builder.NextStartedAsync(token)).Driver.Name);
        }

        output.WriteLine($"dkms autoinstall (exit {dkms.ExitCode}) built: {string.Join(", ", dkms.BuildOrder)}; the farm built: {string.Join(", ", order)} " +
            $"({stream.Error?.Status.Detail ?? stream.Last.State.ToString()})");
        return (dkms, order, stream);
    }
}
