using System.Text.RegularExpressions;

namespace KernelAgent.BuildFarm.Compilation;

/// <summary>Turns a failed build's exit and log into what a reader needs first: the signal that killed it, or the compiler's first error.</summary>
internal static partial class BuildFailureText
{
    private static readonly Dictionary<int, string> _signals = new()
    {
        [1] = "SIGHUP", [2] = "SIGINT", [4] = "SIGILL", [6] = "SIGABRT", [7] = "SIGBUS", [8] = "SIGFPE", [9] = "SIGKILL",
        [11] = "SIGSEGV", [13] = "SIGPIPE", [14] = "SIGALRM", [15] = "SIGTERM", [24] = "SIGXCPU", [25] = "SIGXFSZ",
    };

    /// <summary>"failed with exit code N" plus, when the log or the exit code shows it, the signal and the first error line.</summary>
    public static string Describe(int exitCode, IReadOnlyList<string> log)
    {
        var what = $"failed with exit code {exitCode}";
        var killed = log.Select(l => KilledProgram().Match(l)).FirstOrDefault(m => m.Success);
        if (killed is not null)
        {
            what += $"; the compiler's {killed.Groups["program"].Value} was killed by a signal ({killed.Groups["signal"].Value}), " +
                    "which may be the build's time or memory limit";
        }
        else if (exitCode > 128 && _signals.TryGetValue(exitCode - 128, out var signal))
        {
            what += $"; the build was killed by {signal}, which may be the build's time or memory limit";
        }

        var error = log.FirstOrDefault(l => FirstError().IsMatch(l));
        return error is null ? what : $"{what}; first error: {error.Trim()}";
    }

    [GeneratedRegex(@"fatal error: (?<signal>[A-Za-z ]+?) signal terminated program (?<program>\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex KilledProgram();

    [GeneratedRegex(@"(\berror:|\*\*\* No rule to make target|No such file or directory$)", RegexOptions.CultureInvariant)]
    private static partial Regex FirstError();
}
