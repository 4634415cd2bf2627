using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace KernelAgent.BuildFarm.Api;

/// <summary>
/// Errors with google.rpc details (google/rpc/error_details.proto), so a client learns which field was
/// wrong, which resource is missing, or how long to wait, without parsing messages.
/// </summary>
internal static class RpcErrors
{
    public static RpcException BadRequest(IReadOnlyList<BadRequest.Types.FieldViolation> violations)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(violations);
        return Create(Code.InvalidArgument,
            "invalid request: " + string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")), badRequest);
    }

    public static RpcException NotFound(string resourceType, string name, string message) =>
        Create(Code.NotFound, message, new ResourceInfo { ResourceType = resourceType, ResourceName = name, Description = message });

    public static RpcException FailedPrecondition(string type, string subject, string message)
    {
        var failure = new PreconditionFailure();
        failure.Violations.Add(new PreconditionFailure.Types.Violation { Type = type, Subject = subject, Description = message });
        return Create(Code.FailedPrecondition, message, failure);
    }

    public static RpcException ResourceExhausted(string message, TimeSpan retryAfter) =>
        Create(Code.ResourceExhausted, message, new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) });

    /// <summary>A caller refused by the farm's Auth configuration; ErrorInfo's reason and metadata name the rule.</summary>
    public static RpcException PermissionDenied(string rule, string message) =>
        Create(Code.PermissionDenied, message, RuleInfo("PERMISSION_DENIED", rule));

    public static RpcException Unauthenticated(string message) =>
        Create(Code.Unauthenticated, message, RuleInfo("UNAUTHENTICATED", "authentication"));

    public static RpcException Unavailable(string message, TimeSpan retryAfter) =>
        Create(Code.Unavailable, message, new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) });

    private static ErrorInfo RuleInfo(string reason, string rule)
    {
        var info = new ErrorInfo { Reason = reason, Domain = "kernel-buildfarm" };
        info.Metadata.Add("rule", rule);
        return info;
    }

    private static RpcException Create(Code code, string message, Google.Protobuf.IMessage detail)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(detail));
        return status.ToRpcException();
    }
}
