using Grpc.Core;
using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Tests.Api;
using KernelAgent.BuildFarm.Tests.Hosting;
using KernelAgent.Protocol.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KernelAgent.BuildFarm.Tests.Builds;

/// <summary>
/// The farm with its real module builder (driver registry with the bundled sample, source copy and digest
/// check, kernel signer, publishing) and only the header source and kbuild replaced by counting fakes.
/// </summary>
public sealed class KbuildModuleBuilderTests
{
    private readonly CountingModuleCompiler _compiler = new();
    private readonly CountingHeaderSource _headers = new();

    [Fact(Timeout = 60_000)]
    public async Task Build_RegisteredSourceWithItsDigest_FetchesHeadersCompilesAndPublishes()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await StartAsync();

        var stream = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);

        Assert.Null(stream.Error);
        Assert.Equal(BuildState.Succeeded, stream.Last.State);
        Assert.Equal((1, 1), (_headers.Fetches, _compiler.Calls));
        Assert.Contains(stream.Events, e => e.FetchingHeaders?.FromCache == true);
        Assert.True((await farm.Client.ResolveAsync(TestVariants.Resolve(), cancellationToken: token)).Found);
        AssertNoBuildFolderLeft(farm);
    }

    [Fact(Timeout = 60_000)]
    public async Task Build_RegisteredSha256DoesNotMatchTheSource_FailsWithSourceDigestMismatchBeforeAnyCompile()
    {
        var token = TestContext.Current.CancellationToken;
        await using var farm = await StartAsync(new Dictionary<string, string?> { ["Drivers:Drivers:0:Sha256"] = new string('0', 64) });

        var stream = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);

        Assert.Equal(BuildState.Failed, stream.Last.State);
        Assert.Equal(FailureReason.SourceDigestMismatch, stream.Last.Failed.Reason);
        Assert.Contains(new string('0', 64), stream.Last.Failed.Message, StringComparison.Ordinal);
        Assert.Equal(StatusCode.FailedPrecondition, stream.Error?.StatusCode);
        Assert.Equal(nameof(FailureReason.SourceDigestMismatch), Assert.Single(RpcDetails.Unpack<Google.Rpc.PreconditionFailure>(stream.Error!).Violations).Type);
        Assert.Equal((0, 0), (_headers.Fetches, _compiler.Calls));
        Assert.False((await farm.Client.ResolveAsync(TestVariants.Resolve(), cancellationToken: token)).Found);
        AssertNoBuildFolderLeft(farm);
    }

    [Fact(Timeout = 60_000)]
    public async Task Build_FieldTheHeadersContradict_EndsWithInvalidArgumentNamingItAndTheWorkerBuildsOn()
    {
        var token = TestContext.Current.CancellationToken;
        _headers.FailWith = t => t.KernelBuild.Contains("(2030-01-01)", StringComparison.Ordinal)
            ? new InvalidKernelTargetException(t, nameof(KernelTarget.KernelBuild), "the kernel's headers record '#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)'")
            : null;
        await using var farm = await StartAsync(new Dictionary<string, string?> { ["Builds:Workers"] = "1" });
        var future = TestVariants.Debian();
        future.KernelVersion = "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2030-01-01)";

        var failed = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(future), cancellationToken: token), token);
        var again = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(future), cancellationToken: token), token);
        var next = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);

        Assert.Equal(FailureReason.InvalidVariant, failed.Last.Failed.Reason);
        Assert.Equal(StatusCode.InvalidArgument, failed.Error?.StatusCode);
        var violation = Assert.Single(RpcDetails.Unpack<Google.Rpc.BadRequest>(failed.Error!).FieldViolations);
        Assert.Equal("variant.kernel_version", violation.Field);
        Assert.Contains("(2026-11-16)", violation.Description, StringComparison.Ordinal);
        Assert.Equal(1, _compiler.Calls); // the valid build's only
        Assert.False((await farm.Client.ResolveAsync(TestVariants.Resolve(future), cancellationToken: token)).Found);

        // Not remembered as the farm's failure: asked again, the headers are asked again (and refuse again).
        Assert.NotEqual(failed.Last.BuildId, again.Last.BuildId);
        Assert.Equal(StatusCode.InvalidArgument, again.Error?.StatusCode);
        Assert.Equal(BuildState.Succeeded, next.Last.State);
    }

    [Fact(Timeout = 60_000)]
    public async Task Build_UnexpectedExceptionInABuild_FailsItAsInternalAndTheWorkerBuildsOn()
    {
        var token = TestContext.Current.CancellationToken;
        _headers.FailWith = t => t.KernelBuild.Contains("6.1.192-3", StringComparison.Ordinal) ? new InvalidOperationException("a bug in a header source") : null;
        await using var farm = await StartAsync(new Dictionary<string, string?> { ["Builds:Workers"] = "1" });

        var failed = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(TestVariants.Debian(3)), cancellationToken: token), token);
        var next = await BuildStreams.ReadAllAsync(farm.Client.Build(TestVariants.Build(), cancellationToken: token), token);

        Assert.Equal(FailureReason.Internal, failed.Last.Failed.Reason);
        Assert.Contains("a bug in a header source", failed.Last.Failed.Message, StringComparison.Ordinal);
        Assert.Null(failed.Error);
        Assert.Equal(BuildState.Succeeded, next.Last.State);
    }

    private Task<InProcessFarm> StartAsync(IReadOnlyDictionary<string, string?>? settings = null) => _compiler.StartFarmAsync(settings, _headers);

    private static void AssertNoBuildFolderLeft(InProcessFarm farm)
    {
        var builds = Path.Join(farm.StateDirectory, "builds");
        Assert.Empty(Directory.Exists(builds) ? Directory.GetFileSystemEntries(builds) : []);
    }
}
