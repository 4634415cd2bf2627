using Grpc.Core;
using KernelAgent.BuildFarm.Tests.Drivers.Dkms;
using KernelAgent.BuildFarm.Tests.Headers;
using KernelAgent.BuildFarm.Tests.Headers.Debian;
using KernelAgent.BuildFarm.Tests.Hosting;
using KernelAgent.Protocol.V1;

namespace KernelAgent.BuildFarm.Tests.Builds;

/// <summary>
/// A registration names the Debian packages its build needs (iptables-netflow's PRE_BUILD needs libxtables-dev): the
/// real farm refuses a build whose package is not installed FAILED_PRECONDITION naming it, before compiling anything.
/// </summary>
[Trait("Category", "Integration")]
[Collection(DebianArchiveTestGroup.Name)]
public sealed class BuildPackagesIntegrationTests(DebianHeadersFixture kernels)
{
    [Fact(Timeout = 600_000)]
    public async Task Build_RegisteredBuildPackageNotInstalled_FailsPreconditionNamingIt()
    {
        var token = TestContext.Current.CancellationToken;
        kernels.Require();
        using var scratch = new ScratchDirectory("build-packages");
        var settings = RealFarm.SharedCacheSettings();
        BuildDependsTrees.Write(scratch.Path, ["kaneeds"], settings);
        settings["Drivers:Drivers:1:BuildDepends:0"] = "ka-no-such-package";
        await using var farm = await InProcessFarm.StartAsync(settings: settings);

        var stream = await BuildStreams.ReadAllAsync(farm.Client.Build(
            new BuildRequest { Variant = RealFarm.Variant(kernels.Amd64), Driver = new DriverRef { Name = "kaneeds", Version = BuildDependsTrees.Version } },
            cancellationToken: token), token);

        Assert.Equal(StatusCode.FailedPrecondition, Assert.IsType<RpcException>(stream.Error).StatusCode);
        Assert.Equal(FailureReason.BuildDependencyMissing, stream.Last.Failed.Reason);
        Assert.Contains("ka-no-such-package", stream.Last.Failed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(stream.Events, e => e.State == BuildState.Compiling && e.Log is not null);
    }
}
