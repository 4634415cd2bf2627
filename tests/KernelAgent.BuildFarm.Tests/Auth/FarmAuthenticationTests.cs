using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using KernelAgent.BuildFarm.Tests.Builds;

namespace KernelAgent.BuildFarm.Tests.Auth;

/// <summary>Callers without credentials, or with credentials the farm does not trust, are refused every RPC.</summary>
public sealed class FarmAuthenticationTests(SecuredFarm farm, ITestOutputHelper output) : IClassFixture<SecuredFarm>
{
    private const string SomeBuildId = "0123456789abcdef";

    [Fact(Timeout = 120_000)]
    public async Task EveryRpc_WithoutCredentials_IsUnauthenticated()
    {
        var token = TestContext.Current.CancellationToken;
        var client = farm.Client();

        foreach (var (method, call) in AuthCalls.Every(client, SomeBuildId, token))
        {
            var error = await AuthCalls.RefusedAsync(method, call, StatusCode.Unauthenticated);
            output.WriteLine($"{method}: {error.StatusCode} {error.Status.Detail}");
        }

        Assert.Equal(0, farm.Farm.Service<FakeModuleBuilder>().Builds);
    }

    [Theory(Timeout = 120_000)]
    [InlineData("certificate from another CA")]
    [InlineData("token signed by another key")]
    [InlineData("token from an unknown issuer")]
    public async Task EveryRpc_WithUntrustedCredentials_IsUnauthenticated(string credentials)
    {
        var token = TestContext.Current.CancellationToken;
        var client = credentials switch
        {
            "certificate from another CA" => farm.Client(certificate: farm.Pki.Client("rogue", SecuredFarm.HostPrefix + "rogue", rogue: true)),
            "token signed by another key" => farm.Client(token: farm.Pki.Token("mallory", ["operator"], otherKey: true)),
            _ => farm.Client(token: farm.Pki.Token("mallory", ["operator"], issuer: "https://elsewhere.test")),
        };

        foreach (var (method, call) in AuthCalls.Every(client, SomeBuildId, token))
        {
            var error = await AuthCalls.RefusedAsync(method, call, StatusCode.Unauthenticated);
            output.WriteLine($"{credentials}, {method}: {error.Status.Detail}");
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Health_IsOpen_ReflectionIsNot_WhenConfiguredSo()
    {
        var token = TestContext.Current.CancellationToken;
        var channel = farm.Channel();

        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), cancellationToken: token);
        using var reflection = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo(cancellationToken: token);
        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await reflection.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "*" }, token);
            await reflection.ResponseStream.MoveNext(token);
        });

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Refusals_AreCountedInMetrics()
    {
        var token = TestContext.Current.CancellationToken;
        await AuthCalls.RefusedAsync("Resolve", async () => await farm.Client().ResolveAsync(TestVariants.Resolve(), cancellationToken: token), StatusCode.Unauthenticated);

        var metrics = await farm.Farm.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative), token);

        Assert.Contains("kernelagent_auth_decisions_total{method=\"Resolve\",decision=\"unauthenticated\",rule=\"authentication\"}", metrics, StringComparison.Ordinal);
    }
}
