using KernelAgent.BuildFarm.Auth;
using KernelAgent.BuildFarm.Hosting;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Tests.Auth;

/// <summary>The Auth section is checked at start: a farm open to the network without authentication does not start.</summary>
public sealed class FarmAuthOptionsValidatorTests
{
    [Fact]
    public void Validate_LoopbackWithoutAuthentication_Succeeds()
    {
        var result = Validate(new FarmServerOptions(), new FarmAuthOptions());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_NetworkAddressWithoutAuthentication_RefusesNamingTheWayOut()
    {
        var result = Validate(new FarmServerOptions { Listen = "0.0.0.0:50051" }, new FarmAuthOptions());

        Assert.True(result.Failed);
        Assert.Contains("Server:Listen '0.0.0.0:50051' is not loopback", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Auth:AllowUnauthenticated", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NetworkAddressWithoutAuthentication_ExplicitlyAllowed_Succeeds()
    {
        var result = Validate(new FarmServerOptions { Listen = "0.0.0.0:50051" }, new FarmAuthOptions { AllowUnauthenticated = true });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_EveryProblem_IsReportedAtOnce()
    {
        var auth = new FarmAuthOptions
        {
            ClientCaFile = "/nonexistent/ca.pem",
            JwtIssuers = [new JwtIssuerOptions { Issuer = string.Empty, KeyFile = "/nonexistent/key.pem" }],
            Rules =
            [
                new CallerRule { Name = "hosts", Identities = ["*"] },
                new CallerRule { Name = "hosts", Roles = ["x"], RequestsPerMinute = 10, RequestBurst = 0 },
                new CallerRule { Name = "empty", MaxConcurrentBuilds = -1 },
            ],
            BuildPolicyFile = "/nonexistent/policy.json",
        };

        var result = Validate(new FarmServerOptions { Listen = "10.0.0.1:50051" }, auth);

        Assert.True(result.Failed);
        var failures = result.Failures.ToList();
        foreach (var expected in new[]
        {
            "has no Server:TlsCertificateFile", "Auth:ClientCaFile needs Server:TlsCertificateFile", "Auth:ClientCaFile '/nonexistent/ca.pem' cannot be used",
            "Auth:JwtIssuers:0:Issuer is required", "Auth:JwtIssuers:0:KeyFile '/nonexistent/key.pem' cannot be used",
            "Auth:Rules:0:Identities has an empty pattern or a bare '*'", "Auth:Rules:1:Name 'hosts' is used by an earlier rule",
            "Auth:Rules:1:RequestBurst must be at least 1", "Auth:Rules:2 names neither Identities nor Roles", "Auth:Rules:2: MaxConcurrentBuilds",
            "Auth:BuildPolicyFile:",
        })
        {
            Assert.Contains(failures, f => f.Contains(expected, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Validate_AuthenticationWithoutRules_Refuses()
    {
        var key = Path.GetTempFileName();
        try
        {
            using var rsa = System.Security.Cryptography.RSA.Create(2048);
            File.WriteAllText(key, rsa.ExportSubjectPublicKeyInfoPem());

            var result = Validate(new FarmServerOptions(), new FarmAuthOptions { JwtIssuers = [new JwtIssuerOptions { Issuer = "https://i.test", KeyFile = key }] });

            Assert.Equal("Auth:Rules is empty: every authenticated caller would be refused; add at least one rule", Assert.Single(result.Failures ?? []));
        }
        finally
        {
            File.Delete(key);
        }
    }

    private static ValidateOptionsResult Validate(FarmServerOptions server, FarmAuthOptions auth) =>
        new FarmAuthOptionsValidator(Options.Create(server)).Validate(null, auth);
}
