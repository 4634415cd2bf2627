using System.Diagnostics;
using System.Security.Cryptography;
using KernelAgent.BuildFarm.Tests.Headers;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KernelAgent.BuildFarm.Tests.Auth;

/// <summary>
/// A throwaway PKI made with the openssl command line (a CA, the farm's server certificate, client certificates
/// with SPIFFE-style URI SANs, and a CA the farm does not trust) plus a token issuer with an RSA test key.
/// </summary>
internal sealed class TestPki : IDisposable
{
    public const string Issuer = "https://issuer.test";
    public const string Audience = "kernel-buildfarm";

    private readonly ScratchDirectory _folder = new("pki");
    private readonly RSA _issuerKey = RSA.Create(2048);

    public TestPki()
    {
        Ca = CreateCa("ca", "KernelAgent test CA");
        RogueCa = CreateCa("rogue-ca", "Some other CA");
        Server = CreateLeaf("server", Ca, "localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost", "extendedKeyUsage=serverAuth");
        IssuerPublicKeyFile = Path.Join(_folder.Path, "issuer.pub.pem");
        File.WriteAllText(IssuerPublicKeyFile, _issuerKey.ExportSubjectPublicKeyInfoPem());
    }

    public string Folder => _folder.Path;

    public PemPair Ca { get; }

    public PemPair RogueCa { get; }

    public PemPair Server { get; }

    public string IssuerPublicKeyFile { get; }

    /// <summary>A client certificate whose identity is the URI SAN <paramref name="spiffeId"/>.</summary>
    public PemPair Client(string name, string spiffeId, bool rogue = false) =>
        CreateLeaf(name, rogue ? RogueCa : Ca, name, $"subjectAltName=URI:{spiffeId}", "extendedKeyUsage=clientAuth");

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
        _folder.Dispose();
    }

    private PemPair CreateCa(string name, string commonName)
    {
        var pair = new PemPair(Path.Join(_folder.Path, name + ".pem"), Path.Join(_folder.Path, name + ".key"));
        OpenSsl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", pair.KeyFile, "-out", pair.CertificateFile,
            "-days", "2", "-subj", "/CN=" + commonName, "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return pair;
    }

    private PemPair CreateLeaf(string name, PemPair ca, string commonName, string subjectAltName, string extendedKeyUsage)
    {
        var pair = new PemPair(Path.Join(_folder.Path, name + ".pem"), Path.Join(_folder.Path, name + ".key"));
        var request = Path.Join(_folder.Path, name + ".csr");
        OpenSsl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", pair.KeyFile, "-out", request,
            "-subj", "/CN=" + commonName, "-addext", subjectAltName, "-addext", extendedKeyUsage);
        OpenSsl("x509", "-req", "-in", request, "-CA", ca.CertificateFile, "-CAkey", ca.KeyFile, "-set_serial", "0x" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
            "-out", pair.CertificateFile, "-days", "2", "-copy_extensions", "copyall");
        return pair;
    }

    private static void OpenSsl(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} exited {process.ExitCode}: {error.Result}");
        }
    }
}
