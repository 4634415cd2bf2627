using KernelAgent.Journald;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Extensions.Logging;

namespace KernelAgent.Agent.Logging;

internal static class AgentLoggingExtensions
{
    /// <summary>
    /// Replaces the logging providers with the agent's Serilog pipeline: journald's native protocol when
    /// systemd connected our output to the journal and the socket exists, otherwise stderr lines (with
    /// <c>&lt;N&gt;</c> priority prefixes under systemd). Registers <see cref="IAgentLoggingStatus"/>.
    /// </summary>
    public static ILoggingBuilder AddAgentLogging(this ILoggingBuilder builder, AgentLoggingOptions? options = null)
    {
        options ??= new AgentLoggingOptions();
        var target = JournaldLoggerFactory.Choose(options.Target, options.ResolveJournalSocketPath());
        var logger = AgentLoggerFactory.Create(options, target, out var status);

        builder.ClearProviders();
        // Serilog's MinimumLevel is the one level setting; Microsoft.Extensions.Logging passes everything on.
        builder.SetMinimumLevel(LogLevel.Trace);
        builder.AddSerilog(logger, dispose: true);
        builder.Services.AddSingleton<IAgentLoggingStatus>(status);
        return builder;
    }

    /// <summary>
    /// The pipeline of <see cref="AddAgentLogging"/> without a service provider, for a verb that runs once and exits:
    /// same outputs, same minimum level, and disposing the factory flushes the sink as disposing a host does.
    /// </summary>
    public static ILoggerFactory CreateLoggerFactory(AgentLoggingOptions options)
    {
        var target = JournaldLoggerFactory.Choose(options.Target, options.ResolveJournalSocketPath());
        var logger = AgentLoggerFactory.Create(options, target, out _);
        return new LoggerFactory([new SerilogLoggerProvider(logger, dispose: true)], new LoggerFilterOptions { MinLevel = LogLevel.Trace });
    }
}
