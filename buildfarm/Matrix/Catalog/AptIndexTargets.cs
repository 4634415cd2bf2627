using KernelAgent.BuildFarm.Compilation;
using KernelAgent.BuildFarm.Headers;
using KernelAgent.BuildFarm.Headers.Debian;

namespace KernelAgent.BuildFarm.Matrix.Catalog;

/// <summary>
/// The Packages indexes of a private apt root, from <c>apt-get indextargets</c> (apt-get(8)): apt itself says
/// which file holds which suite, component and architecture, and what the suite's Release file declares.
/// </summary>
internal static class AptIndexTargets
{
    /// <exception cref="HeaderSourceException">apt-get failed.</exception>
    public static async Task<IReadOnlyList<AptIndexTarget>> ListAsync(
        IProcessRunner runner, string aptConfigFile, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var invocation = new ProcessInvocation("apt-get", ["indextargets"], timeout)
        {
            Environment = new Dictionary<string, string> { ["APT_CONFIG"] = aptConfigFile, ["LC_ALL"] = "C.UTF-8" },
        };
        var result = await runner.RunAsync(invocation, cancellationToken);
        if (!result.Succeeded)
        {
            throw new HeaderSourceException(
                $"'apt-get indextargets' (APT_CONFIG={aptConfigFile}) {(result.TimedOut ? "timed out" : $"failed with exit code {result.ExitCode}")}.\n{result.Tail(20)}");
        }

        return Parse(result.StandardOutput);
    }

    /// <summary>The Packages targets among apt's index targets (Sources, Contents and Translation ones are left out).</summary>
    public static IReadOnlyList<AptIndexTarget> Parse(string output) =>
        [.. DebianControlStanza.ParseAll(output)
            .Where(s => s["Identifier"] == "Packages" && s["Filename"] is not null)
            .Select(s => new AptIndexTarget(
                s["Filename"]!, s["Description"] ?? s["Filename"]!, s["Origin"] ?? "", s["Codename"] ?? "", s["Version"] ?? "", s["Architecture"] ?? ""))];
}
