using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using KernelAgent.Agent.Tests.TestSupport;
using KernelAgent.BuildFarm.Tests.Builds;
using KernelAgent.BuildFarm.Tests.Hosting;
using FarmClient = KernelAgent.Protocol.V1.BuildFarm.BuildFarmClient;

namespace KernelAgent.BuildFarm.Tests.Auth;

/// <summary>
/// An in-process farm (fake builder) serving TLS with client certificates from <see cref="TestPki"/>'s CA and
/// tokens from its issuer, under rules for each kind of caller the tests play; clients with any credentials.
/// </summary>
public sealed class SecuredFarm : IAsyncLifetime
{
    public const string HostPrefix = "spiffe://test.example/host/";
    public const string OtherPrefix = "spiffe://test.example/other/";

    private readonly List<GrpcChannel> _channels = [];
    private InProcessFarm? _farm;

    internal TestPki Pki { get; } = new();

    internal InProcessFarm Farm => _farm ?? throw new InvalidOperationException("not started");

    public Uri Address => new($"https://127.0.0.1:{Farm.GrpcAddress.Port}");

    public async ValueTask InitializeAsync()
    {
        var policy = Path.Join(Pki.Folder, "policy.json");
        await File.WriteAllTextAsync(policy, """
            { "format": "kernelagent-policy/v1", "name": "on-demand",
              "targets": [ { "distro": "debian", "versions": ["12"], "arches": ["x86_64"], "window": { "newestAbis": 2 } } ],
              "drivers": [ { "name": "kagent_sample", "version": "1.0.0" } ] }
            """);
        _farm = await FakeBuilderFarm.StartAsync(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Server:TlsCertificateFile"] = Pki.Server.CertificateFile,
            ["Server:TlsKeyFile"] = Pki.Server.KeyFile,
            ["Auth:ClientCaFile"] = Pki.Ca.CertificateFile,
            ["Auth:JwtIssuers:0:Issuer"] = TestPki.Issuer,
            ["Auth:JwtIssuers:0:KeyFile"] = Pki.IssuerPublicKeyFile,
            ["Auth:OpenReflection"] = "false",
            ["Auth:BuildPolicyFile"] = policy,
            ["Auth:Rules:0:Name"] = "hosts",
            ["Auth:Rules:0:Identities:0"] = HostPrefix + "*",
            ["Auth:Rules:0:Drivers:0"] = TestVariants.DriverName,
            ["Auth:Rules:0:MaxConcurrentBuilds"] = "1",
            ["Auth:Rules:1:Name"] = "resolvers",
            ["Auth:Rules:1:Roles:0"] = "resolver",
            ["Auth:Rules:1:Build"] = "false",
            ["Auth:Rules:2:Name"] = "operators",
            ["Auth:Rules:2:Roles:0"] = "operator",
            ["Auth:Rules:2:Operator"] = "true",
            ["Auth:Rules:3:Name"] = "other-drivers",
            ["Auth:Rules:3:Identities:0"] = OtherPrefix + "*",
            ["Auth:Rules:3:Drivers:0"] = "not_this_one",
            ["Auth:Rules:4:Name"] = "limited",
            ["Auth:Rules:4:Roles:0"] = "limited",
            ["Auth:Rules:4:RequestsPerMinute"] = "1",
            ["Auth:Rules:4:RequestBurst"] = "2",
        });
    }

    /// <summary>A client over TLS (trusting the test CA) with the given client certificate and/or bearer token.</summary>
    internal FarmClient Client(PemPair? certificate = null, string? token = null) => new(Channel(certificate, token));

    internal GrpcChannel Channel(PemPair? certificate = null, string? token = null)
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(Pki.Ca.CertificateFile);
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = certificate is null ? null : [certificate.Load()],
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { ca },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
        };
        var options = new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true };
        if (token is not null)
        {
            options.Credentials = ChannelCredentials.Create(new SslCredentials(), CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("Authorization", "Bearer " + token);
                return Task.CompletedTask;
            }));
        }

        var channel = GrpcChannel.ForAddress(Address, options);
        lock (_channels)
        {
            _channels.Add(channel);
        }

        return channel;
    }

    public async ValueTask DisposeAsync()
    {
        lock (_channels)
        {
            _channels.ForEach(c => c.Dispose());
        }

        if (_farm is not null)
        {
            await _farm.DisposeAsync();
        }

        Pki.Dispose();
    }
}
