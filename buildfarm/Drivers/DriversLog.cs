using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Drivers;

/// <summary>Log messages of the driver registry; event ids 3300-3399.</summary>
internal static partial class DriversLog
{
    [LoggerMessage(EventId = 3300, Level = LogLevel.Information, Message = "Driver {Name} {Version} source copied to {Destination} (sha256 {Sha256})")]
    public static partial void SourceCopied(ILogger logger, string name, string version, string destination, string sha256);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Error, Message = "Driver {Name} {Version}: source {Source} has sha256 {Actual}, registry says {Expected}; refused")]
    public static partial void DigestMismatch(ILogger logger, string name, string version, string source, string expected, string actual);
}
