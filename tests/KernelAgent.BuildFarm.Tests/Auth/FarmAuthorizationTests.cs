using Grpc.Core;
using KernelAgent.BuildFarm.Tests.Builds;
using KernelAgent.Protocol.V1;

namespace KernelAgent.BuildFarm.Tests.Auth;

/// <summary>Authenticated callers get what their rule allows, and PERMISSION_DENIED naming the rule otherwise.</summary>
public sealed class FarmAuthorizationTests(SecuredFarm farm, ITestOutputHelper output) : IClassFixture<SecuredFarm>
{
    [Fact(Timeout = 120_000)]
    public async Task EveryRpc_ByACallerNoRuleCovers_IsPermissionDenied()
    {
        var token = TestContext.Current.CancellationToken;
        var client = farm.Client(token: farm.Pki.Token("visitor-1", ["visitor"]));

        foreach (var (method, call) in AuthCalls.Every(client, "0123456789abcdef", token))
        {
            var error = await AuthCalls.RefusedAsync(method, call, StatusCode.PermissionDenied, "no-rule");
            output.WriteLine($"{method}: {error.Status.Detail}");
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Build_ByAResolveOnlyRole_IsPermissionDeniedNamingTheRule()
    {
        var token = TestContext.Current.CancellationToken;
        var client = farm.Client(token: farm.Pki.Token("dashboard", ["resolver"]));

        var resolved = await client.ResolveAsync(TestVariants.Resolve(), cancellationToken: token);
        var error = await AuthCalls.RefusedAsync("Build",
            () => AuthCalls.Drain(client.Build(TestVariants.Build(TestVariants.Debian(21)), cancellationToken: token), token), StatusCode.PermissionDenied, "resolvers");

        Assert.False(resolved.Found);
        Assert.Contains("resolving only", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task ResolveAndBuild_OfADriverTheRuleDoesNotList_ArePermissionDenied()
    {
        var token = TestContext.Current.CancellationToken;
        var certificate = farm.Pki.Client("other-1", SecuredFarm.OtherPrefix + "other-1");
        var client = farm.Client(certificate: certificate);
        using (var loaded = certificate.Load())
        {
            Assert.Equal(SecuredFarm.OtherPrefix + "other-1", KernelAgent.BuildFarm.Auth.FarmAuthentication.IdentityOf(loaded));
        }

        await AuthCalls.RefusedAsync("Resolve", async () => await client.ResolveAsync(TestVariants.Resolve(), cancellationToken: token), StatusCode.PermissionDenied, "other-drivers");
        await AuthCalls.RefusedAsync("Build",
            () => AuthCalls.Drain(client.Build(TestVariants.Build(TestVariants.Debian(22)), cancellationToken: token), token), StatusCode.PermissionDenied, "other-drivers");
        var listed = await client.ListBuildsAsync(new ListBuildsRequest(), cancellationToken: token);

        Assert.NotNull(listed);
    }

    [Fact(Timeout = 120_000)]
    public async Task EveryRpc_ByAHostCertificate_IsAccepted_AndRecordsTheHostAsRequester()
    {
        var token = TestContext.Current.CancellationToken;
        var identity = SecuredFarm.HostPrefix + "web-1";
        var host = farm.Client(certificate: farm.Pki.Client("web-1", identity));

        var resolved = await host.ResolveAsync(TestVariants.Resolve(TestVariants.Debian(23)), cancellationToken: token);
        var built = await AuthCalls.Drain(host.Build(TestVariants.Build(TestVariants.Debian(23), requestedBy: "claims to be someone else"), cancellationToken: token), token);
        var buildId = built.Events[0].BuildId;
        var watched = await AuthCalls.Drain(host.WatchBuild(new WatchBuildRequest { BuildId = buildId }, cancellationToken: token), token);
        var info = await host.GetBuildAsync(new GetBuildRequest { BuildId = buildId }, cancellationToken: token);
        var listed = await host.ListBuildsAsync(new ListBuildsRequest(), cancellationToken: token);
        var cancelled = await host.CancelBuildAsync(new CancelBuildRequest { BuildId = buildId, Reason = "done anyway" }, cancellationToken: token);
        var demand = await host.ReportDemandAsync(AuthCalls.Demand("claims-another-host"), cancellationToken: token);

        output.WriteLine($"build {buildId}: {built.Last.State}, requested_by '{info.RequestedBy}'");
        Assert.False(resolved.Found);
        Assert.Equal(BuildState.Succeeded, built.Last.State);
        Assert.Equal(BuildState.Succeeded, watched.Last.State);
        Assert.Equal(identity, info.RequestedBy);
        Assert.Contains(listed.Builds, b => b.BuildId == buildId && b.RequestedBy == identity);
        Assert.Equal(buildId, cancelled.BuildId);
        Assert.Equal(1, demand.RecordedKernels);
    }

    [Fact(Timeout = 120_000)]
    public async Task CancelBuild_ByAnotherHost_IsDenied_WhileOperatorsMayAndSeeWhoAsked()
    {
        var token = TestContext.Current.CancellationToken;
        var requester = SecuredFarm.HostPrefix + "web-2";
        var builder = farm.Farm.Service<FakeModuleBuilder>();
        builder.Hold();
        try
        {
            var (first, rest) = await BuildStreams.FirstAsync(
                farm.Client(certificate: farm.Pki.Client("web-2", requester)).Build(TestVariants.Build(TestVariants.Debian(24)), cancellationToken: token), token);
            var other = farm.Client(certificate: farm.Pki.Client("web-3", SecuredFarm.HostPrefix + "web-3"));
            var resolver = farm.Client(token: farm.Pki.Token("dashboard", ["resolver"]));
            var operatorClient = farm.Client(token: farm.Pki.Token("alice", ["operator"]));

            await AuthCalls.RefusedAsync("CancelBuild",
                async () => await other.CancelBuildAsync(new CancelBuildRequest { BuildId = first.BuildId, Reason = "not mine" }, cancellationToken: token),
                StatusCode.PermissionDenied, "requester-or-operator");
            var seenByOther = await other.GetBuildAsync(new GetBuildRequest { BuildId = first.BuildId }, cancellationToken: token);
            var listedByResolver = await resolver.ListBuildsAsync(new ListBuildsRequest(), cancellationToken: token);
            var listedByOperator = await operatorClient.ListBuildsAsync(new ListBuildsRequest(), cancellationToken: token);
            await operatorClient.CancelBuildAsync(new CancelBuildRequest { BuildId = first.BuildId, Reason = "operator says so" }, cancellationToken: token);
            var ended = await rest;

            Assert.Equal(string.Empty, seenByOther.RequestedBy);
            Assert.Equal(string.Empty, listedByResolver.Builds.Single(b => b.BuildId == first.BuildId).RequestedBy);
            Assert.Equal(requester, listedByOperator.Builds.Single(b => b.BuildId == first.BuildId).RequestedBy);
            Assert.Equal(BuildState.Cancelled, ended.Last.State);
        }
        finally
        {
            builder.Release();
        }
    }
}
