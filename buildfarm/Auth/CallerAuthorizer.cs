using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Auth;

/// <summary>
/// Decides whether a call may run: who the caller is (certificate or token), which rule covers it, whether that
/// rule allows the method and the driver, and whether the caller is within its request rate. Checks that need a
/// build (CancelBuild's requester, concurrent builds) are the service's, through <see cref="AuthAudit"/> as well.
/// </summary>
internal sealed class CallerAuthorizer(IOptions<FarmAuthOptions> options, CallerRateLimits limits, AuthAudit audit)
{
    private static readonly HashSet<string> _anyRule = new(StringComparer.Ordinal)
    {
        "Resolve", "WatchBuild", "GetBuild", "ListBuilds", "CancelBuild", "ReportDemand",
    };

    private readonly FarmAuthOptions _options = options.Value;

    /// <param name="context">The call.</param>
    /// <param name="driver">The driver the request names (Resolve, Build), else null.</param>
    /// <returns>The caller; null when the farm does not authenticate (Auth sets no CA and no issuer).</returns>
    /// <exception cref="RpcException">UNAUTHENTICATED, PERMISSION_DENIED or RESOURCE_EXHAUSTED.</exception>
    public async Task<Caller?> AuthorizeAsync(ServerCallContext context, string? driver)
    {
        if (!_options.Enabled)
        {
            return null;
        }

        var method = context.Method[(context.Method.LastIndexOf('/') + 1)..];
        var http = context.GetHttpContext();
        var result = await http.AuthenticateAsync(FarmAuthentication.Scheme);
        if (!result.Succeeded || result.Principal.Identity?.Name is not { Length: > 0 } identity)
        {
            throw audit.Unauthenticated(method, context.Peer,
                result.Failure?.Message ?? "no client certificate from Auth:ClientCaFile's CA and no bearer token from an issuer in Auth:JwtIssuers");
        }

        var roles = result.Principal.FindAll(_options.RoleClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var rule = _options.Rules.FirstOrDefault(r => r.Covers(identity, roles))
            ?? throw audit.Denied(method, identity, "no-rule", $"no rule in Auth:Rules covers '{identity}'");
        if (!rule.Operator)
        {
            if (method == "Build" && !rule.Build)
            {
                throw audit.Denied(method, identity, rule.Name, "the rule allows resolving only (Build: false)");
            }

            if (method != "Build" && !_anyRule.Contains(method))
            {
                throw audit.Denied(method, identity, rule.Name, "only operators may call it");
            }

            if (driver is not null && !rule.AllowsDriver(driver))
            {
                throw audit.Denied(method, identity, rule.Name, $"driver '{driver}' is not in the rule's Drivers");
            }
        }

        var caller = new Caller(identity, roles, rule);
        if (limits.TryAcquire(caller) is { } retryAfter)
        {
            throw audit.Limited(method, caller,
                $"more than {rule.RequestsPerMinute} calls a minute (burst {rule.RequestBurst}); retry in {Math.Ceiling(retryAfter.TotalSeconds)} s", retryAfter);
        }

        audit.Allowed(method, caller);
        return caller;
    }
}
