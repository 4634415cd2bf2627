using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace KernelAgent.BuildFarm.Auth;

/// <summary>
/// Registers the farm's authentication (ASP.NET Core's certificate and JWT bearer handlers behind one policy scheme)
/// and authorization. The handlers read their files when first used, after the options were validated at start.
/// </summary>
internal static class FarmAuthentication
{
    /// <summary>The scheme callers are authenticated with: a bearer token when the call carries one, else the client certificate.</summary>
    public const string Scheme = "kernel-buildfarm";

    /// <summary>Authorization policy for endpoints outside the BuildFarm service (health, reflection) when they are not open.</summary>
    public const string AuthenticatedPolicy = "kernel-buildfarm-authenticated";

    public static IServiceCollection AddFarmAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FarmAuthOptions>().Bind(configuration.GetSection(FarmAuthOptions.Section)).ValidateOnStart();
        services.TryAddSingleton<IValidateOptions<FarmAuthOptions>, FarmAuthOptionsValidator>();
        services.TryAddSingleton<AuthAudit>();
        services.TryAddSingleton<CallerRateLimits>();
        services.TryAddSingleton<CallerAuthorizer>();
        services.TryAddSingleton<AuthInterceptor>();
        services.TryAddSingleton<BuildPolicyGate>();
        if (!(configuration.GetSection(FarmAuthOptions.Section).Get<FarmAuthOptions>()?.Enabled ?? false))
        {
            return services;
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(AuthenticatedPolicy, policy => policy.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "kernel-buildfarm callers", o =>
            {
                o.ForwardDefaultSelector = SchemeFor;

                // The certificate handler challenges with 403; a caller without credentials is 401 (UNAUTHENTICATED).
                o.ForwardChallenge = JwtBearerDefaults.AuthenticationScheme;
            })
            .AddCertificate()
            .AddJwtBearer();
        services.AddOptions<CertificateAuthenticationOptions>(CertificateAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<FarmAuthOptions>>((certificate, auth) => ConfigureCertificates(certificate, auth.Value));
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<FarmAuthOptions>>((jwt, auth) => ConfigureTokens(jwt, auth.Value));
        return services;
    }

    /// <summary>A certificate's identity: its first URI SAN (a SPIFFE ID), else its subject CN.</summary>
    public static string IdentityOf(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var uri = certificate.GetNameInfo(X509NameType.UrlName, forIssuer: false);
        return string.IsNullOrEmpty(uri) ? certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false) : uri;
    }

    private static string SchemeFor(HttpContext context) =>
        context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? JwtBearerDefaults.AuthenticationScheme
            : CertificateAuthenticationDefaults.AuthenticationScheme;

    private static void ConfigureCertificates(CertificateAuthenticationOptions certificate, FarmAuthOptions auth)
    {
        if (string.IsNullOrEmpty(auth.ClientCaFile))
        {
            return;
        }

        certificate.AllowedCertificateTypes = CertificateTypes.Chained;
        certificate.ChainTrustValidationMode = X509ChainTrustMode.CustomRootTrust;
        certificate.CustomTrustStore = FarmAuthOptionsValidator.LoadCertificates(auth.ClientCaFile);
        certificate.RevocationMode = X509RevocationMode.NoCheck;
        certificate.ValidateCertificateUse = true;
        certificate.Events = new CertificateAuthenticationEvents
        {
            OnCertificateValidated = context =>
            {
                var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, IdentityOf(context.ClientCertificate))], context.Scheme.Name);
                context.Principal = new ClaimsPrincipal(identity);
                context.Success();
                return Task.CompletedTask;
            },
        };
    }

    private static void ConfigureTokens(JwtBearerOptions jwt, FarmAuthOptions auth)
    {
        var issuers = auth.JwtIssuers.Select(i => (i.Issuer, i.Audience, Key: JwtSigningKeys.Load(i.KeyFile))).ToList();
        jwt.MapInboundClaims = false;
        jwt.RequireHttpsMetadata = false;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuers = [.. issuers.Select(i => i.Issuer)],
            // Each issuer's key and audience only: a key of one issuer cannot vouch for a token claiming another.
            IssuerSigningKeyResolver = (_, token, _, _) => issuers.Where(i => i.Issuer == token.Issuer).Select(i => i.Key),
            AudienceValidator = (audiences, token, _) => issuers.Any(i => i.Issuer == token.Issuer && audiences.Contains(i.Audience, StringComparer.Ordinal)),
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromMinutes(1),
            NameClaimType = "sub",
            RoleClaimType = auth.RoleClaim,
        };
    }
}
