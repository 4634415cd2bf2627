using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KernelAgent.Agent.Resolution;
using KernelAgent.Agent.Tests.Demand;
using KernelAgent.Agent.Tests.TestSupport;
using KernelAgent.Store.Variants;
using Microsoft.Extensions.Logging.Abstractions;

namespace KernelAgent.Agent.Tests.Resolution;

/// <summary>
/// The agent's farm client against the real <c>kernel-buildfarm serve</c> with mTLS and tokens: it presents the
/// certificate or token its options name, pins the farm's CA, and reads a rewritten token file again.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FarmCredentialsIntegrationTests : IAsyncLifetime
{
    private const string Issuer = "https://issuer.test";
    private static readonly KernelIdentity Kernel = new("debian", "12", "x86_64", "6.1.0-56-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)");

    private readonly OpenSslCertificates _pki = new();
    private readonly RSA _issuerKey = RSA.Create(2048);
    private FarmServeProcess? _farm;

    private string Address => _farm!.Address.Replace("http://", "https://", StringComparison.Ordinal);

    public async ValueTask InitializeAsync()
    {
        var issuerKey = Path.Join(_pki.Folder, "issuer.pub.pem");
        await File.WriteAllTextAsync(issuerKey, _issuerKey.ExportSubjectPublicKeyInfoPem());
        var config = Path.Join(_pki.Folder, "farm.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "Server": { "TlsCertificateFile": "{{_pki.Server.CertificateFile}}", "TlsKeyFile": "{{_pki.Server.KeyFile}}" },
              "Auth": {
                "ClientCaFile": "{{_pki.Ca.CertificateFile}}",
                "JwtIssuers": [ { "Issuer": "{{Issuer}}", "KeyFile": "{{issuerKey}}" } ],
                "Rules": [
                  { "Name": "hosts", "Identities": [ "spiffe://test.example/host/*" ] },
                  { "Name": "operators", "Roles": [ "operator" ], "Operator": true }
                ]
              }
            }
            """);
        _farm = await FarmServeProcess.StartAsync(config, Path.Join(_pki.Folder, "state"));
    }

    [Fact(Timeout = 120_000)]
    public async Task ReportDemand_WithTheHostsCertificate_IsServed_WithoutItOrWithAnotherCaPinned_IsRefused()
    {
        var token = TestContext.Current.CancellationToken;
        var host = _pki.Client("web-1", "spiffe://test.example/host/web-1");

        var served = await Client(new FarmClientOptions { CaFile = _pki.Ca.CertificateFile, ClientCertificateFile = host.CertificateFile, ClientKeyFile = host.KeyFile })
            .ReportDemandAsync("any", [Kernel], [], token);
        var anonymous = await Assert.ThrowsAsync<DemandReportException>(() =>
            Client(new FarmClientOptions { CaFile = _pki.Ca.CertificateFile }).ReportDemandAsync("any", [Kernel], [], token));
        var otherPin = await Assert.ThrowsAsync<DemandReportException>(() =>
            Client(new FarmClientOptions { CaFile = _pki.RogueCa.CertificateFile, ClientCertificateFile = host.CertificateFile, ClientKeyFile = host.KeyFile })
                .ReportDemandAsync("any", [Kernel], [], token));

        Assert.Equal(1, served);
        Assert.Contains("needs credentials", anonymous.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("needs credentials", otherPin.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task ReportDemand_TokenFileRewritten_UsesTheNewToken()
    {
        var token = TestContext.Current.CancellationToken;
        var tokenFile = Path.Join(_pki.Folder, "token");
        await File.WriteAllTextAsync(tokenFile, Jwt("visitor", []), token);
        var client = Client(new FarmClientOptions { CaFile = _pki.Ca.CertificateFile, TokenFile = tokenFile });

        var refused = await Assert.ThrowsAsync<DemandReportException>(() => client.ReportDemandAsync("any", [Kernel], [], token));
        await File.WriteAllTextAsync(tokenFile, Jwt("alice", ["operator"]) + "\n", token);
        File.SetLastWriteTimeUtc(tokenFile, DateTime.UtcNow.AddSeconds(5));
        var served = await client.ReportDemandAsync("any", [Kernel], [], token);

        Assert.Contains("no-rule", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, served);
    }

    public async ValueTask DisposeAsync()
    {
        if (_farm is not null)
        {
            await _farm.DisposeAsync();
        }

        _issuerKey.Dispose();
        _pki.Dispose();
    }

    private FarmClient Client(FarmClientOptions options)
    {
        options.Address = Address;
        return new FarmClient(FarmClient.CreateClient(options), options, new BackoffPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)),
            TimeProvider.System, NullLogger<FarmClient>.Instance);
    }

    // A JWT (RS256) by hand: the agent's tests carry no token library, and the farm's handler is the judge.
    private string Jwt(string subject, string[] roles)
    {
        static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT" }));
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(new
        {
            iss = Issuer,
            aud = "kernel-buildfarm",
            sub = subject,
            roles,
            exp = DateTimeOffset.UtcNow.AddMinutes(30).ToUnixTimeSeconds(),
        }));
        var signature = _issuerKey.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{payload}.{Encode(signature)}";
    }
}
