using KernelAgent.Journald;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Serilog;

namespace KernelAgent.BuildFarm.Logging;

internal static class FarmLoggingExtensions
{
    /// <summary>
    /// Replaces the logging providers with the farm's Serilog pipeline, the same journald sink as the agent's:
    /// one journal entry per event with its PRIORITY, MESSAGE_ID and fields (BUILD_ID, VARIANT_KEY, DRIVER, PHASE,
    /// OUTCOME, ...) under systemd; stderr lines otherwise.
    /// </summary>
    public static ILoggingBuilder AddFarmLogging(this ILoggingBuilder builder, IConfiguration configuration)
    {
        var options = configuration.GetSection(FarmLoggingOptions.Section).Get<FarmLoggingOptions>() ?? new FarmLoggingOptions();
        var target = JournaldLoggerFactory.Choose(options.Output, options.JournalSocketPath);
        var settings = new JournaldLoggerSettings(
            options.JournalSocketPath, options.SyslogIdentifier, FarmMessageIds.Scheme, options.MinimumLevel, options.JournalSendTimeout)
        {
            Exclude = RefusedRequestEcho.Matches,
        };
        var logger = JournaldLoggerFactory.Create(settings, target, out _);

        builder.ClearProviders();
        // Serilog's MinimumLevel is the one level setting; Microsoft.Extensions.Logging passes everything on.
        builder.SetMinimumLevel(LogLevel.Trace);
        builder.AddSerilog(logger, dispose: true);
        return builder;
    }
}
