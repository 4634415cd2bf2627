using System.CommandLine;
using KernelAgent.Agent.Service;
using KernelAgent.Store.Attestations.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Cli;

/// <summary><c>kernel-agent run</c>: the systemd service (Type=notify).</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var shared = new HostOptionSet();
        var command = new Command(
            "run",
            "Run as the systemd service (Type=notify): READY=1 once the first pass has ended or, at the latest, after Agent:StartBudget " +
            "(default 20 s), module or not, so the boot is never held; STATUS= says what the agent still waits for, it keeps trying in " +
            "the background and loads the module when it arrives; retries while failed; WATCHDOG=1 pings, when WatchdogSec is set, only " +
            "while the pass loop keeps to its times. Units that need the module order after kernel-agent-module.target (kernel-agent wait). " +
            "With a farm configured, reports this host's installed and missed kernels to it after each pass (Agent:Farm:ReportDemand, " +
            "rate-limited by Agent:Farm:DemandReportInterval).");
        shared.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            IHost? host = null;
            try
            {
                host = AgentHost.Build(parseResult.GetValue(shared.Config)?.FullName, shared.Overrides(parseResult), service: true);

                // Resolved before the host starts, so a bad key folder or config is one clear report, not a host stack trace.
                _ = host.Services.GetRequiredService<IOptions<AgentOptions>>().Value;
                _ = host.Services.GetRequiredService<KernelAgent.Agent.Resolution.IHostArtifactResolver>();
                await host.RunAsync(cancellationToken);
                return 0;
            }
            catch (OptionsValidationException e)
            {
                await ConfigurationErrorLog.ReportAsync(host, e.Failures.ToList(), parseResult.InvocationConfiguration.Error);
                return PassOutcomes.ConfigurationExitCode;
            }
            catch (KeyFileException e)
            {
                await ConfigurationErrorLog.ReportAsync(host, [e.Message], parseResult.InvocationConfiguration.Error);
                return PassOutcomes.ConfigurationExitCode;
            }
            finally
            {
                host?.Dispose();
            }
        });
        return command;
    }
}
