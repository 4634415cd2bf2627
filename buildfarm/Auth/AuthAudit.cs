using System.Diagnostics.Metrics;
using Grpc.Core;
using KernelAgent.BuildFarm.Api;
using KernelAgent.BuildFarm.Builds;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Auth;

/// <summary>
/// Logs and counts every authorization decision (<c>kernelagent_auth_decisions_total{method,decision,rule}</c>)
/// and makes the refusal a caller gets: UNAUTHENTICATED, PERMISSION_DENIED or RESOURCE_EXHAUSTED naming the rule.
/// </summary>
internal sealed class AuthAudit
{
    private readonly ILogger _logger;
    private readonly Counter<long> _decisions;

    public AuthAudit(IMeterFactory meters, ILogger<AuthAudit> logger)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _logger = logger;

        // The factory hands back BuildMetrics' meter, which /metrics already exports.
        _decisions = meters.Create(BuildMetrics.MeterName)
            .CreateCounter<long>("kernelagent_auth_decisions_total", description: "Authorization decisions, by method, decision and rule");
    }

    public void Allowed(string method, Caller caller)
    {
        Count(method, "allowed", caller.Rule.Name);
        AuthLog.Allowed(_logger, method, caller.Identity, caller.Rule.Name);
    }

    public RpcException Unauthenticated(string method, string peer, string reason)
    {
        Count(method, "unauthenticated", "authentication");
        AuthLog.Unauthenticated(_logger, method, peer, reason);
        return RpcErrors.Unauthenticated($"{method} needs credentials: {reason}");
    }

    /// <param name="method">The RPC refused.</param>
    /// <param name="identity">Who called.</param>
    /// <param name="rule">The rule that refused, or a name for the check (e.g. "no-rule", "requester-or-operator").</param>
    /// <param name="reason">Why, for the caller and the log.</param>
    public RpcException Denied(string method, string identity, string rule, string reason)
    {
        Count(method, "permission_denied", rule);
        AuthLog.Denied(_logger, method, identity, rule, reason);
        return RpcErrors.PermissionDenied(rule, $"{method} refused by Auth rule '{rule}': {reason}");
    }

    public RpcException Limited(string method, Caller caller, string reason, TimeSpan retryAfter)
    {
        Count(method, "resource_exhausted", caller.Rule.Name);
        AuthLog.Limited(_logger, method, caller.Identity, caller.Rule.Name, reason);
        return RpcErrors.ResourceExhausted($"{method} limited by Auth rule '{caller.Rule.Name}': {reason}", retryAfter);
    }

    public RpcException OutsidePolicy(string identity, string policy, string subject, string reason)
    {
        Count("Build", "failed_precondition", policy);
        AuthLog.OutsidePolicy(_logger, identity, reason);
        return RpcErrors.FailedPrecondition("BUILD_POLICY", subject, $"Build refused by the build policy '{policy}' (Auth:BuildPolicyFile): {reason}");
    }

    private void Count(string method, string decision, string rule) =>
        _decisions.Add(1, new("method", method), new("decision", decision), new("rule", rule));
}
