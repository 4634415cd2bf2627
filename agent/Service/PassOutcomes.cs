namespace KernelAgent.Agent.Service;

/// <summary>Exit codes and words of each <see cref="PassOutcome"/>; the table in the README repeats these.</summary>
internal static class PassOutcomes
{
    /// <summary>Configuration invalid: exit code of every command before a pass starts.</summary>
    public const int ConfigurationExitCode = 2;

    public static int ExitCode(PassOutcome outcome) => outcome switch
    {
        PassOutcome.Loaded or PassOutcome.AlreadyLoaded or PassOutcome.Verified => 0,
        PassOutcome.IdentityFailed => 3,
        PassOutcome.NotFound => 4,
        PassOutcome.Refused => 5,
        PassOutcome.BuildFailed => 6,
        PassOutcome.Unreachable => 7,
        PassOutcome.LoadFailed => 8,
        PassOutcome.InstallFailed => 9,
        PassOutcome.OtherBuildLoaded => 10,
        _ => 1,
    };

    /// <summary>The OUTCOME journal field value, e.g. <c>loaded</c>, <c>refused</c>.</summary>
    public static string Word(PassOutcome outcome) => outcome switch
    {
        PassOutcome.Loaded => "loaded",
        PassOutcome.AlreadyLoaded => "already-loaded",
        PassOutcome.Verified => "verified",
        PassOutcome.IdentityFailed => "identity-failed",
        PassOutcome.NotFound => "not-found",
        PassOutcome.Refused => "refused",
        PassOutcome.BuildFailed => "build-failed",
        PassOutcome.Unreachable => "unreachable",
        PassOutcome.LoadFailed => "load-failed",
        PassOutcome.InstallFailed => "install-failed",
        PassOutcome.OtherBuildLoaded => "other-build-loaded",
        _ => "unknown",
    };

    public static bool IsSuccess(PassOutcome outcome) => ExitCode(outcome) == 0;
}
