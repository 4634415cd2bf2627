using KernelAgent.BuildFarm.Logging;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Api;

/// <summary>The service's per-request events: a hit is routine (Debug), a miss leads to a build (Information).</summary>
internal static partial class ServiceLog
{
    [LoggerMessage(EventId = FarmEventIds.ResolveHit, Level = LogLevel.Debug, Message = "resolve hit for {VariantKey}")]
    public static partial void ResolveHit(ILogger logger, string variantKey);

    [LoggerMessage(EventId = FarmEventIds.ResolveMiss, Level = LogLevel.Information, Message = "resolve miss for {VariantKey}: nothing verified is published")]
    public static partial void ResolveMiss(ILogger logger, string variantKey);
}
