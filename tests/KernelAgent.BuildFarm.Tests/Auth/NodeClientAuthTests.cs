using KernelAgent.BuildFarm.Tests.Builds;
using KernelAgent.BuildFarm.Tests.Interop;

namespace KernelAgent.BuildFarm.Tests.Auth;

/// <summary>The independent client (grpc-js with TLS credentials) against the secured farm: refused, denied, accepted.</summary>
[Trait("Category", "Integration")]
public sealed class NodeClientAuthTests(SecuredFarm farm, ITestOutputHelper output) : IClassFixture<SecuredFarm>
{
    [Fact(Timeout = 300_000)]
    public async Task FarmClient_WithoutCredentials_WrongRoleAndRightRole_GetsUnauthenticatedDeniedAndServed()
    {
        var token = TestContext.Current.CancellationToken;
        await NodeClient.RequireAsync(token);
        var address = $"localhost:{farm.Address.Port}";
        var tlsOnly = new Dictionary<string, string> { ["FARM_CA_FILE"] = farm.Pki.Ca.CertificateFile };
        var host = farm.Pki.Client("node-host", SecuredFarm.HostPrefix + "node-host");
        var withCertificate = new Dictionary<string, string>(tlsOnly) { ["FARM_CERT_FILE"] = host.CertificateFile, ["FARM_KEY_FILE"] = host.KeyFile };
        var resolverToken = new Dictionary<string, string>(tlsOnly) { ["FARM_TOKEN"] = farm.Pki.Token("node-dashboard", ["resolver"]) };

        var anonymous = await NodeClient.RunAsync(address, "resolve", TestVariants.Debian(41), TestVariants.Sample, tlsOnly, token);
        var anonymousList = await NodeClient.RunAsync(address, "list", TestVariants.Debian(41), TestVariants.Sample, tlsOnly, token);
        var resolverBuild = await NodeClient.RunAsync(address, "build", TestVariants.Debian(41), TestVariants.Sample, resolverToken, token);
        var resolverResolve = await NodeClient.RunAsync(address, "resolve", TestVariants.Debian(41), TestVariants.Sample, resolverToken, token);
        var hostBuild = await NodeClient.RunAsync(address, "build", TestVariants.Debian(41), TestVariants.Sample, withCertificate, token);
        var hostList = await NodeClient.RunAsync(address, "list", TestVariants.Debian(41), TestVariants.Sample, withCertificate, token);

        output.WriteLine($"anonymous: {anonymous}\nanonymous list: {anonymousList}\nresolver build: {resolverBuild}\nresolver resolve: {resolverResolve}\nhost build: {hostBuild}\nhost list: {hostList}");
        Assert.StartsWith("STATUS 16 ", anonymous.Status, StringComparison.Ordinal);
        Assert.StartsWith("STATUS 16 ", anonymousList.Status, StringComparison.Ordinal);
        Assert.StartsWith("STATUS 7 ", resolverBuild.Status, StringComparison.Ordinal);
        Assert.Contains("'resolvers'", resolverBuild.Status, StringComparison.Ordinal);
        Assert.Equal("STATUS 0 OK", resolverResolve.Status);
        Assert.Equal("STATUS 0 OK", hostBuild.Status);
        Assert.Equal("BUILD_STATE_SUCCEEDED", hostBuild.Messages[^1].GetProperty("state").GetString());
        Assert.Equal("STATUS 0 OK", hostList.Status);
        Assert.Contains(SecuredFarm.HostPrefix + "node-host", hostList.Lines[0], StringComparison.Ordinal);
    }
}
