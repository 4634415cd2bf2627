using Grpc.Core;
using KernelAgent.BuildFarm.Builds;
using KernelAgent.BuildFarm.Drivers.Dkms;
using KernelAgent.BuildFarm.Tests.Drivers.Dkms;
using KernelAgent.Protocol.V1;

namespace KernelAgent.BuildFarm.Tests.Builds;

/// <summary>
/// dkms.conf's BUILD_DEPENDS at build time (DKMS's own test suite: a module whose dependency is not built is refused,
/// "missing BUILD_DEPENDS"; autoinstall builds the dependency first): a build asked for a driver builds the drivers
/// it names first, for the same kernel, in the order dkms's autoinstall rounds give (<see cref="DkmsBuildOrder"/>),
/// and refuses FAILED_PRECONDITION naming a dependency that is not registered, closes a cycle or failed. One worker:
/// the dependent never holds the only worker while its dependency waits behind it.
/// </summary>
public sealed class BuildDependsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ka-build-depends-farm-").FullName;

    public static TheoryData<string[], string, string> Unbuildable => new()
    {
        { ["jool=jool_common"], "jool", "its BUILD_DEPENDS names 'jool_common', which is not a registered driver" },
        { ["a=b", "b=a"], "a", "circular BUILD_DEPENDS: a -> b -> a" },
        { ["self=self"], "self", "circular BUILD_DEPENDS: self -> self" },
    };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact(Timeout = 120_000)]
    public async Task Build_DriverWhoseBuildDependsChainIsRegistered_BuildsEachDependencyFirstInDkmsOrder()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await StartAsync(["top=mid base", "mid=base", "base"]);
        var builder = farm.Service<FakeModuleBuilder>();

        var stream = await BuildAsync(farm, "top", token);

        Assert.Null(stream.Error);
        Assert.Equal(BuildState.Succeeded, stream.Last.State);
        var started = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            started.Add((await builder.NextStartedAsync(token)).Driver.Name);
        }

        var (dkmsOrder, problems) = DkmsBuildOrder.Compute([("top", ["mid", "base"]), ("mid", ["base"]), ("base", [])]);
        Assert.Empty(problems);
        Assert.Equal(dkmsOrder, started);
        Assert.Equal(3, builder.Builds);
        Assert.Contains(stream.Events, e => e.Log?.Line.StartsWith("BUILD_DEPENDS: mid 1.0 is built for this kernel", StringComparison.Ordinal) == true);

        // Every dependency is published now: asking again is a hit, with nothing built.
        var again = await BuildAsync(farm, "top", token);
        Assert.True(again.Last.Succeeded.AlreadyPublished);
        Assert.Equal(3, builder.Builds);
    }

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(Unbuildable))]
    public async Task Build_BuildDependsThatCannotBeBuilt_FailsPreconditionNamingItWithoutBuilding(string[] drivers, string requested, string expected)
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await StartAsync(drivers);

        var stream = await BuildAsync(farm, requested, token);

        Assert.Contains(expected, FailureOf(stream), StringComparison.Ordinal);
        Assert.Equal(0, farm.Service<FakeModuleBuilder>().Builds);
    }

    [Fact(Timeout = 120_000)]
    public async Task Build_DependencyFailsToCompile_FailsPreconditionNamingTheDependencyAndItsError()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await StartAsync(["user=broken", "broken"]);
        var builder = farm.Service<FakeModuleBuilder>();
        builder.FailWith = v => v.Driver.Name == "broken" ? new BuildFailedException(FailureReason.CompileError, "broken.c:1: error: expected ';'") : null;

        var failure = FailureOf(await BuildAsync(farm, "user", token));

        Assert.Contains("its BUILD_DEPENDS broken 1.0 did not build for that kernel", failure, StringComparison.Ordinal);
        Assert.Contains("expected ';'", failure, StringComparison.Ordinal);
        Assert.Equal(1, builder.Builds);
    }

    /// <summary>
    /// The failure's message, after checking the call ended FAILED_PRECONDITION (a build refused before it was queued
    /// sends no event, only the status; a build that failed sends its failure event first).
    /// </summary>
    private static string FailureOf(BuildStream stream)
    {
        var error = Assert.IsType<RpcException>(stream.Error);
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        if (stream.Events.Count > 0)
        {
            Assert.Equal(FailureReason.BuildDependencyMissing, stream.Last.Failed.Reason);
        }

        return error.Status.Detail;
    }

    private static Task<BuildStream> BuildAsync(Hosting.InProcessFarm farm, string driver, CancellationToken token) =>
        BuildStreams.ReadAllAsync(
            farm.Client.Build(TestVariants.Build(driver: new DriverRef { Name = driver, Version = BuildDependsTrees.Version }), cancellationToken: token), token);

    private Task<Hosting.InProcessFarm> StartAsync(string[] drivers)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal) { ["Builds:Workers"] = "1" };
        BuildDependsTrees.Write(_dir, drivers, settings);
        return FakeBuilderFarm.StartAsync(settings);
    }
}
