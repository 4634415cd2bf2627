using Google.Rpc;
using Grpc.Core;
using KernelAgent.BuildFarm.Tests.Api;
using KernelAgent.BuildFarm.Tests.Builds;

namespace KernelAgent.BuildFarm.Tests.Auth;

/// <summary>Per-caller request rates and concurrent builds (RESOURCE_EXHAUSTED with RetryInfo), and the build policy.</summary>
public sealed class FarmAuthLimitsTests(SecuredFarm farm, ITestOutputHelper output) : IClassFixture<SecuredFarm>
{
    [Fact(Timeout = 60_000)]
    public async Task Calls_BeyondTheRulesBurst_AreResourceExhaustedWithRetryInfo()
    {
        var token = TestContext.Current.CancellationToken;
        var client = farm.Client(token: farm.Pki.Token("batch-1", ["limited"]));

        await client.ResolveAsync(TestVariants.Resolve(), cancellationToken: token);
        await client.ResolveAsync(TestVariants.Resolve(), cancellationToken: token);
        var error = await AuthCalls.RefusedAsync("Resolve", async () => await client.ResolveAsync(TestVariants.Resolve(), cancellationToken: token), StatusCode.ResourceExhausted);
        var other = await farm.Client(token: farm.Pki.Token("batch-2", ["limited"])).ResolveAsync(TestVariants.Resolve(), cancellationToken: token);

        output.WriteLine(error.Status.Detail);
        Assert.Contains("'limited'", error.Status.Detail, StringComparison.Ordinal);
        Assert.InRange(RpcDetails.Unpack<RetryInfo>(error).RetryDelay.ToTimeSpan(), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.NotNull(other);
    }

    [Fact(Timeout = 120_000)]
    public async Task Build_BeyondTheCallersConcurrentBuilds_IsResourceExhausted()
    {
        var token = TestContext.Current.CancellationToken;
        var builder = farm.Farm.Service<FakeModuleBuilder>();
        var host = farm.Client(certificate: farm.Pki.Client("busy-1", SecuredFarm.HostPrefix + "busy-1"));
        builder.Hold();
        try
        {
            var (first, rest) = await BuildStreams.FirstAsync(host.Build(TestVariants.Build(TestVariants.Debian(31)), cancellationToken: token), token);
            var error = await AuthCalls.RefusedAsync("Build",
                () => AuthCalls.Drain(host.Build(TestVariants.Build(TestVariants.Debian(32)), cancellationToken: token), token), StatusCode.ResourceExhausted);
            var neighbour = await BuildStreams.FirstAsync(
                farm.Client(certificate: farm.Pki.Client("busy-2", SecuredFarm.HostPrefix + "busy-2")).Build(TestVariants.Build(TestVariants.Debian(33)), cancellationToken: token), token);
            builder.Release();
            await rest;
            await neighbour.Following;

            output.WriteLine(error.Status.Detail);
            Assert.Contains("MaxConcurrentBuilds 1", error.Status.Detail, StringComparison.Ordinal);
            Assert.True(RpcDetails.Unpack<RetryInfo>(error).RetryDelay.ToTimeSpan() > TimeSpan.Zero);
            Assert.NotEqual(first.BuildId, neighbour.First.BuildId);
        }
        finally
        {
            builder.Release();
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Build_OutsideTheBuildPolicy_IsFailedPreconditionNamingIt()
    {
        var token = TestContext.Current.CancellationToken;
        var operatorClient = farm.Client(token: farm.Pki.Token("alice", ["operator"]));
        var bullseye = TestVariants.Debian(34);
        bullseye.DistroVersionId = "11";
        var before = farm.Farm.Service<FakeModuleBuilder>().Builds;

        var error = await AuthCalls.RefusedAsync("Build",
            () => AuthCalls.Drain(operatorClient.Build(TestVariants.Build(bullseye), cancellationToken: token), token), StatusCode.FailedPrecondition);

        output.WriteLine(error.Status.Detail);
        Assert.Equal("BUILD_POLICY", RpcDetails.Unpack<PreconditionFailure>(error).Violations.Single().Type);
        Assert.Contains("'on-demand'", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, farm.Farm.Service<FakeModuleBuilder>().Builds);
    }
}
