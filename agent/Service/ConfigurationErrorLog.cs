using KernelAgent.Agent.Logging;
using KernelAgent.Journald;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KernelAgent.Agent.Service;

/// <summary>
/// Reports why the service cannot start: under journald as ONE entry at PRIORITY=3 with the
/// ConfigurationInvalid MESSAGE_ID and every problem in it (<c>journalctl -p err</c> and alerts on the id see
/// it); elsewhere as the lines <c>kernel-agent: invalid configuration:</c> + one indented line per problem on
/// stderr. Written once: stderr under systemd is the journal too, at PRIORITY=6 and one entry per line.
/// </summary>
internal static partial class ConfigurationErrorLog
{
    /// <summary>The category the event is logged under (a <c>KernelAgent.</c> one: the agent's MESSAGE_ID).</summary>
    public const string Category = "KernelAgent.Agent.Service.AgentService";

    public static async Task ReportAsync(IHost? host, IReadOnlyCollection<string> problems, TextWriter stderr)
    {
        if (host?.Services.GetService<IAgentLoggingStatus>() is { Target: LogOutput.Journal })
        {
            var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
            ConfigurationInvalid(logger, problems.Count, string.Join("\n  ", problems));
            return;
        }

        await stderr.WriteLineAsync("kernel-agent: invalid configuration:\n  " + string.Join("\n  ", problems));
    }

    [LoggerMessage(EventId = AgentEventIds.ConfigurationInvalid, Level = LogLevel.Error,
        Message = "invalid configuration, the agent does not start until it is fixed ({ProblemCount} problems; kernel-agent(8)):\n  {Problems}")]
    private static partial void ConfigurationInvalid(ILogger logger, int problemCount, string problems);
}
