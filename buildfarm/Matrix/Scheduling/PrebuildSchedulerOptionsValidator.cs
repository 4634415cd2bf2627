using Microsoft.Extensions.Options;

namespace KernelAgent.BuildFarm.Matrix.Scheduling;

/// <summary>Reports every invalid <c>Prebuild</c> setting at once, at start.</summary>
internal sealed class PrebuildSchedulerOptionsValidator : IValidateOptions<PrebuildSchedulerOptions>
{
    public ValidateOptionsResult Validate(string? name, PrebuildSchedulerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.Interval < TimeSpan.FromSeconds(1))
        {
            problems.Add($"Prebuild:Interval must be at least 1 second (it is {options.Interval}).");
        }

        if (options.Jitter < TimeSpan.Zero)
        {
            problems.Add($"Prebuild:Jitter must not be negative (it is {options.Jitter}).");
        }

        if (options.FirstTickDelay < TimeSpan.Zero)
        {
            problems.Add($"Prebuild:FirstTickDelay must not be negative (it is {options.FirstTickDelay}).");
        }

        if (options.ChunkSize < 1)
        {
            problems.Add($"Prebuild:ChunkSize must be at least 1 (it is {options.ChunkSize}).");
        }

        if (options.RetryBackoff <= TimeSpan.Zero || options.MaxRetryBackoff < options.RetryBackoff)
        {
            problems.Add($"Prebuild:RetryBackoff must be positive and at most Prebuild:MaxRetryBackoff (they are {options.RetryBackoff} and {options.MaxRetryBackoff}).");
        }

        if (options.ProbeTimeout <= TimeSpan.Zero)
        {
            problems.Add($"Prebuild:ProbeTimeout must be positive (it is {options.ProbeTimeout}).");
        }

        if (options.Enabled && options.Policy is { Length: > 0 } policy && !File.Exists(policy))
        {
            problems.Add($"Prebuild:Policy names '{policy}', which does not exist.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
