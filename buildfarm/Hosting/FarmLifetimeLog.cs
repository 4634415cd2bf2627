using KernelAgent.BuildFarm.Logging;
using Microsoft.Extensions.Logging;

namespace KernelAgent.BuildFarm.Hosting;

/// <summary>
/// The farm's start and stop, one event each with a MESSAGE_ID, in place of the host's lifetime lines
/// ("Application started...", "Hosting environment...") that said nothing an SRE needs.
/// </summary>
internal static partial class FarmLifetimeLog
{
    /// <summary>The logger category of these events.</summary>
    public const string Category = "KernelAgent.BuildFarm.Hosting.FarmHost";

    [LoggerMessage(EventId = FarmEventIds.FarmServing, Level = LogLevel.Information, Message = "kernel-buildfarm serving: gRPC on {Listen}, HTTP (/metrics, store mirror) on {HttpListen}")]
    public static partial void Serving(ILogger logger, string listen, string httpListen);

    [LoggerMessage(EventId = FarmEventIds.FarmStopping, Level = LogLevel.Information, Message = "kernel-buildfarm stopping: builds in flight are cancelled")]
    public static partial void Stopping(ILogger logger);
}
