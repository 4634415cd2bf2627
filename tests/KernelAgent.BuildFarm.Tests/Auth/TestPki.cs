using System.Security.Cryptography;
using KernelAgent.Agent.Tests.TestSupport;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KernelAgent.BuildFarm.Tests.Auth;

/// <summary>The openssl-made certificates (<see cref="OpenSslCertificates"/>) plus a token issuer with an RSA test key.</summary>
internal sealed class TestPki : IDisposable
{
    public const string Issuer = "https://issuer.test";
    public const string Audience = "kernel-buildfarm";

    private readonly OpenSslCertificates _certificates = new();
    private readonly RSA _issuerKey = RSA.Create(2048);

    public TestPki()
    {
        IssuerPublicKeyFile = Path.Join(Folder, "issuer.pub.pem");
        File.WriteAllText(IssuerPublicKeyFile, _issuerKey.ExportSubjectPublicKeyInfoPem());
    }

    public string Folder => _certificates.Folder;

    public PemPair Ca => _certificates.Ca;

    public PemPair Server => _certificates.Server;

    public string IssuerPublicKeyFile { get; }

    /// <summary>A client certificate whose identity is the URI SAN <paramref name="spiffeId"/>.</summary>
    public PemPair Client(string name, string spiffeId, bool rogue = false) => _certificates.Client(name, spiffeId, rogue);

    /// <summary>A token of the test issuer (or, with <paramref name="otherKey"/>, signed by a key the farm does not know).</summary>
    public string Token(string subject, IReadOnlyList<string> roles, bool otherKey = false, string issuer = Issuer)
    {
        using var other = RSA.Create(2048);
        var claims = new Dictionary<string, object> { ["sub"] = subject, ["roles"] = roles.ToArray() };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = Audience,
            Claims = claims,
            Expires = DateTime.UtcNow.AddMinutes(30),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(otherKey ? other : _issuerKey), SecurityAlgorithms.RsaSha256),
        });
    }

    public void Dispose()
    {
        _issuerKey.Dispose();
        _certificates.Dispose();
    }
}
