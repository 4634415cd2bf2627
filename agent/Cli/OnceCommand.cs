using System.CommandLine;
using KernelAgent.Agent.Service;
using KernelAgent.Store.Attestations.Keys;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Cli;

/// <summary><c>kernel-agent once</c>: one pass, a one-line summary, and an exit code per outcome.</summary>
internal static class OnceCommand
{
    public static Command Create()
    {
        var shared = new HostOptionSet();
        var noLoad = new Option<bool>("--no-load") { Description = "Resolve, verify and install, but do not load the module." };
        var json = new Option<bool>("--json") { Description = "Print the pass result as JSON." };
        var command = new Command(
            "once",
            "Run one pass: read the kernel identity, resolve the exact module (cache, stores, then the farm), verify it " +
            "(signature, digest, variant, vermagic), install it and load it; then, when a farm is configured, report this host's installed " +
            "and missed kernels to it (rate-limited by Agent:Farm:DemandReportInterval; never changes the exit code). Exit codes: 0 loaded/already loaded/verified, " +
            "2 invalid configuration, 3 identity unreadable, 4 not found, 5 refused by verification, 6 build failed, " +
            "7 stores and farm unreachable (the farm is waited for Agent:Farm:OnceDeadline, default 60 s, or --build-deadline), 8 the kernel refused to load it, 9 installing under /lib/modules failed, " +
            "10 another build of the driver is already loaded.")
        {
            noLoad, json,
        };
        shared.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            try
            {
                using var agent = OneShotAgent.Create(parseResult.GetValue(shared.Config)?.FullName, OneShotOverrides(parseResult, shared), OneShot);
                var load = agent.Options.Load && !parseResult.GetValue(noLoad);
                var result = await agent.Pass.RunAsync(load, cancellationToken);
                // Best effort and rate-limited: the exit code is the pass's alone.
                await agent.Demand.ReportAsync(cancellationToken);
                if (parseResult.GetValue(json))
                {
                    await stdout.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(result, PassRecordJsonContext.Default.PassResult));
                }
                else
                {
                    await stdout.WriteLineAsync(AgentService.StatusLine(result));
                }

                return PassOutcomes.ExitCode(result.Outcome);
            }
            catch (OptionsValidationException e)
            {
                await stderr.WriteLineAsync("kernel-agent: invalid configuration:\n  " + string.Join("\n  ", e.Failures));
                return PassOutcomes.ConfigurationExitCode;
            }
            catch (KeyFileException e)
            {
                await stderr.WriteLineAsync($"kernel-agent: {e.Message}");
                return PassOutcomes.ConfigurationExitCode;
            }
        });
        return command;
    }

    /// <summary>One pass waits for the farm as long as Agent:Farm:OnceDeadline, not the service's 30-minute build deadline.</summary>
    internal static void OneShot(AgentOptions options) => options.Farm.BuildDeadline = options.Farm.OnceDeadline;

    /// <summary>--build-deadline names the wait of this one run.</summary>
    private static Dictionary<string, string?> OneShotOverrides(ParseResult parseResult, HostOptionSet shared)
    {
        var overrides = shared.Overrides(parseResult);
        if (parseResult.GetValue(shared.BuildDeadline) is { Length: > 0 } deadline)
        {
            overrides[$"{AgentOptions.Section}:Farm:{nameof(Resolution.FarmClientOptions.OnceDeadline)}"] = deadline;
        }

        return overrides;
    }
}
