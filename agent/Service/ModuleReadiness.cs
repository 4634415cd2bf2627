using KernelAgent.Agent.Identity;
using KernelAgent.Agent.Loading;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Service;

/// <summary>
/// What <c>kernel-agent wait</c> waits for: the driver is live in the running kernel (proc/modules and sys/module under
/// the host root) and the agent's last pass record names this exact kernel (release and build string) with a success.
/// The kernel's view alone would accept a build the agent refused; the record alone could be left from an earlier boot.
/// </summary>
internal sealed class ModuleReadiness(
    IKernelIdentityProbe identity,
    IModuleLoader loader,
    PassRecordStore records,
    IOptions<AgentOptions> options,
    TimeProvider time)
{
    /// <summary>Exit code of <c>kernel-agent wait</c> when the wait ended without a definite failure of the agent to name.</summary>
    public const int NotReadyExitCode = 1;

    /// <summary>How often <see cref="WaitAsync"/> looks again: both sources are small files.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public ModuleReadinessState Check()
    {
        var driver = options.Value.DriverName;
        Store.Variants.KernelIdentity kernel;
        try
        {
            kernel = identity.Probe().Kernel;
        }
        catch (IdentityException e)
        {
            return new(false, $"cannot read the kernel identity: {e.Message}", PassOutcomes.ExitCode(PassOutcome.IdentityFailed));
        }

        var last = records.Read();
        if (last is null)
        {
            return new(false, $"the agent has not finished a pass yet (no {records.Path})", NotReadyExitCode);
        }

        if (last.KernelRelease != kernel.KernelRelease || last.KernelVersion != kernel.KernelVersion)
        {
            return new(false, $"the agent's last pass was for {last.KernelRelease ?? "no kernel"} ({last.KernelVersion ?? "-"}), " +
                              $"not the running {kernel.KernelRelease} ({kernel.KernelVersion})", NotReadyExitCode);
        }

        if (!PassOutcomes.IsSuccess(last.Outcome))
        {
            return new(false, "the agent's last pass: " + AgentService.StatusLine(last), PassOutcomes.ExitCode(last.Outcome));
        }

        LoadedModuleInfo? loaded;
        try
        {
            loaded = loader.GetLoadedInfo(driver);
        }
        catch (ModuleLoadException e)
        {
            return new(false, $"cannot tell whether {driver} is loaded: {e.Message}", NotReadyExitCode);
        }

        return loaded switch
        {
            null => new(false, $"{driver} is not loaded in the running kernel (the agent's last pass: {AgentService.StatusLine(last)})", NotReadyExitCode),
            { State: not ModuleState.Live } => new(false, $"{driver} is {loaded.State.ToString().ToLowerInvariant()}, not live", NotReadyExitCode),
            _ => new(true, $"{driver} is loaded for {kernel.KernelRelease}: {AgentService.StatusLine(last)}", 0),
        };
    }

    /// <summary>Looks every <see cref="PollInterval"/> until ready or <paramref name="timeout"/> has passed; the last state either way.</summary>
    public async Task<ModuleReadinessState> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            var state = Check();
            var left = deadline - time.GetUtcNow();
            if (state.Ready || left <= TimeSpan.Zero)
            {
                return state;
            }

            await Task.Delay(left < PollInterval ? left : PollInterval, time, cancellationToken);
        }
    }
}
