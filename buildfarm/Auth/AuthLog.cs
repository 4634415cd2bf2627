using KernelAgent.BuildFarm.Logging;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Auth;

/// <summary>Every authorization decision of the farm: allowed calls at Debug, refusals at Warning.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(EventId = FarmEventIds.CallAllowed, Level = LogLevel.Debug, Message = "{Method} by {Caller} allowed by rule {Rule}")]
    public static partial void Allowed(ILogger logger, string method, string caller, string rule);

    [LoggerMessage(EventId = FarmEventIds.CallUnauthenticated, Level = LogLevel.Warning, Message = "{Method} from {Peer} refused: {Reason}")]
    public static partial void Unauthenticated(ILogger logger, string method, string peer, string reason);

    [LoggerMessage(EventId = FarmEventIds.CallDenied, Level = LogLevel.Warning, Message = "{Method} by {Caller} refused by rule {Rule}: {Reason}")]
    public static partial void Denied(ILogger logger, string method, string caller, string rule, string reason);

    [LoggerMessage(EventId = FarmEventIds.CallLimited, Level = LogLevel.Warning, Message = "{Method} by {Caller} limited by rule {Rule}: {Reason}")]
    public static partial void Limited(ILogger logger, string method, string caller, string rule, string reason);

    [LoggerMessage(EventId = FarmEventIds.BuildOutsidePolicy, Level = LogLevel.Warning, Message = "Build by {Caller} refused by the build policy: {Reason}")]
    public static partial void OutsidePolicy(ILogger logger, string caller, string reason);

    [LoggerMessage(EventId = FarmEventIds.ServingUnauthenticated, Level = LogLevel.Warning,
        Message = "serving {Listen} without authentication (Auth:AllowUnauthenticated): anyone who reaches it may build and cancel")]
    public static partial void ServingUnauthenticated(ILogger logger, string listen);
}
