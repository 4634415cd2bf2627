using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KernelAgent.BuildFarm.Hosting;
using KernelAgent.BuildFarm.Matrix.Policy;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Auth;

/// <summary>Reports every problem of the Auth section at once, at start, including a farm open to the network.</summary>
internal sealed class FarmAuthOptionsValidator(IOptions<FarmServerOptions> server) : IValidateOptions<FarmAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, FarmAuthOptions options)
    {
        var errors = new List<string>();
        var listen = server.Value;
        var loopback = IPEndPoint.TryParse(listen.Listen, out var endpoint) && IPAddress.IsLoopback(endpoint.Address);
        var tls = !string.IsNullOrEmpty(listen.TlsCertificateFile);
        if (!options.Enabled && !loopback && !options.AllowUnauthenticated)
        {
            errors.Add($"Server:Listen '{listen.Listen}' is not loopback and Auth sets neither ClientCaFile nor JwtIssuers: anyone reaching it could build and cancel; "
                + "configure authentication, or set Auth:AllowUnauthenticated to true to serve without it");
        }

        if (options.Enabled && !loopback && !tls && !options.AllowUnauthenticated)
        {
            errors.Add($"Server:Listen '{listen.Listen}' is not loopback and has no Server:TlsCertificateFile: bearer tokens would cross the network in clear");
        }

        if (!string.IsNullOrEmpty(options.ClientCaFile))
        {
            if (!tls)
            {
                errors.Add("Auth:ClientCaFile needs Server:TlsCertificateFile (client certificates are only asked for over TLS)");
            }

            CheckReadable(options.ClientCaFile, "Auth:ClientCaFile", LoadCertificates, errors);
        }

        for (var i = 0; i < options.JwtIssuers.Count; i++)
        {
            var issuer = options.JwtIssuers[i];
            if (string.IsNullOrWhiteSpace(issuer.Issuer))
            {
                errors.Add($"Auth:JwtIssuers:{i}:Issuer is required");
            }

            if (string.IsNullOrWhiteSpace(issuer.Audience))
            {
                errors.Add($"Auth:JwtIssuers:{i}:Audience must not be empty");
            }

            if (string.IsNullOrEmpty(issuer.KeyFile))
            {
                errors.Add($"Auth:JwtIssuers:{i}:KeyFile is required");
            }
            else
            {
                CheckReadable(issuer.KeyFile, $"Auth:JwtIssuers:{i}:KeyFile", path => JwtSigningKeys.Load(path), errors);
            }
        }

        if (options.Enabled && options.Rules.Count == 0)
        {
            errors.Add("Auth:Rules is empty: every authenticated caller would be refused; add at least one rule");
        }

        ValidateRules(options.Rules, errors);
        if (!string.IsNullOrEmpty(options.BuildPolicyFile))
        {
            try
            {
                SupportPolicyParser.Load(options.BuildPolicyFile);
            }
            catch (PolicyValidationException e)
            {
                errors.Add($"Auth:BuildPolicyFile: {e.Message}");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every certificate of a PEM bundle; none is an error.</summary>
    public static X509Certificate2Collection LoadCertificates(string path)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(path);
        return certificates.Count > 0 ? certificates : throw new CryptographicException("no PEM certificate in the file");
    }

    private static void ValidateRules(List<CallerRule> rules, List<string> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var at = $"Auth:Rules:{i}";
            if (string.IsNullOrWhiteSpace(rule.Name))
            {
                errors.Add($"{at}:Name is required");
            }
            else if (!names.Add(rule.Name))
            {
                errors.Add($"{at}:Name '{rule.Name}' is used by an earlier rule");
            }

            if (rule.Identities.Count == 0 && rule.Roles.Count == 0)
            {
                errors.Add($"{at} names neither Identities nor Roles: it would cover no caller");
            }

            if (rule.Identities.Any(string.IsNullOrEmpty) || rule.Identities.Contains("*"))
            {
                errors.Add($"{at}:Identities has an empty pattern or a bare '*'; name the identities (a prefix may end in '*')");
            }

            if (rule.MaxConcurrentBuilds < 0 || rule.RequestsPerMinute < 0)
            {
                errors.Add($"{at}: MaxConcurrentBuilds and RequestsPerMinute must be 0 (no limit) or more");
            }

            if (rule.RequestsPerMinute > 0 && rule.RequestBurst < 1)
            {
                errors.Add($"{at}:RequestBurst must be at least 1 when RequestsPerMinute is set");
            }
        }
    }

    private static void CheckReadable<T>(string path, string key, Func<string, T> load, List<string> errors)
    {
        try
        {
            load(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            errors.Add($"{key} '{path}' cannot be used: {e.Message}");
        }
    }
}
