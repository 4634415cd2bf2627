using System.CommandLine;
using KernelAgent.Agent.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Cli;

/// <summary>
/// <c>kernel-agent wait</c>: for units that need the driver (ExecStartPre=, or kernel-agent-wait.service behind
/// kernel-agent-module.target). The agent itself reports ready within its start budget, module or not.
/// </summary>
internal static class WaitCommand
{
    /// <summary>As systemd-networkd-wait-online: long enough for a farm build, short enough not to hang a boot for good.</summary>
    public const int DefaultTimeoutSeconds = 120;

    public static Command Create()
    {
        var shared = new HostOptionSet();
        var timeout = new Option<int>("--timeout")
        {
            Description = $"Seconds to wait; 0 looks once. Default {DefaultTimeoutSeconds}.",
            DefaultValueFactory = _ => DefaultTimeoutSeconds,
        };
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError("--timeout must be 0 or more seconds");
            }
        });
        var command = new Command(
            "wait",
            "Wait until the driver for the running kernel is loaded: live in the kernel (/sys/module) and loaded or verified by the " +
            "agent's last pass for this exact kernel. Exit 0 once it is (printing what is loaded); on timeout the reason goes to " +
            "stderr and the exit code is the agent's last pass's (e.g. 7 unreachable, 5 refused) or 1 when the agent has not " +
            "failed yet; 2 invalid configuration. Units that need the module: Wants= and After=kernel-agent-module.target.")
        {
            timeout,
        };
        shared.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var stderr = parseResult.InvocationConfiguration.Error;
            try
            {
                using var host = AgentHost.Build(parseResult.GetValue(shared.Config)?.FullName, shared.Overrides(parseResult), service: false);
                _ = host.Services.GetRequiredService<IOptions<AgentOptions>>().Value;
                var seconds = parseResult.GetValue(timeout);
                var state = await host.Services.GetRequiredService<ModuleReadiness>()
                    .WaitAsync(TimeSpan.FromSeconds(seconds), cancellationToken);
                if (state.Ready)
                {
                    await parseResult.InvocationConfiguration.Output.WriteLineAsync(state.Reason);
                    return 0;
                }

                await stderr.WriteLineAsync($"kernel-agent: not loaded after {seconds} s: {state.Reason}");
                return state.ExitCode;
            }
            catch (OptionsValidationException e)
            {
                await stderr.WriteLineAsync("kernel-agent: invalid configuration:\n  " + string.Join("\n  ", e.Failures));
                return PassOutcomes.ConfigurationExitCode;
            }
        });
        return command;
    }
}
