using KernelAgent.BuildFarm.Logging;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Drivers;

/// <summary>Log messages of the driver registry; event ids 3300-3399.</summary>
internal static partial class DriversLog
{
    [LoggerMessage(EventId = FarmEventIds.DriverSourceCopied, Level = LogLevel.Information, Message = "Driver {Name} {Version} source copied to {Destination} (sha256 {Sha256})")]
    public static partial void SourceCopied(ILogger logger, string name, string version, string destination, string sha256);

    [LoggerMessage(EventId = FarmEventIds.DriverSourceDigestMismatch, Level = LogLevel.Error, Message = "Driver {Name} {Version}: source {Source} has sha256 {Actual}, registry says {Expected}; refused")]
    public static partial void DigestMismatch(ILogger logger, string name, string version, string source, string expected, string actual);

    [LoggerMessage(EventId = FarmEventIds.DriversReloaded, Level = LogLevel.Information, Message = "Driver registrations in {Directory} changed: {Count} drivers registered now")]
    public static partial void Reloaded(ILogger logger, string directory, int count);

    [LoggerMessage(EventId = FarmEventIds.DriversReloadRefused, Level = LogLevel.Error, Message = "Driver registrations in {Directory} changed but are invalid; the previous set stays in use: {Problems}")]
    public static partial void ReloadRefused(ILogger logger, string directory, string problems);
}
