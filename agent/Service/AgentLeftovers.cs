using KernelAgent.Agent.Logging;
using KernelAgent.Store.Backends.FileSystem;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Service;

/// <summary>
/// Removes the temp files a killed agent left (cache, state, the installed modules' <c>extra</c> folders) before each
/// pass: at start for <c>once</c>, at start and then once per pass for <c>run</c>. Only files last written more than
/// <see cref="AgentOptions.LeftoverGrace"/> ago, so a concurrent <c>once</c> never loses a write in progress.
/// </summary>
internal sealed partial class AgentLeftovers(IOptions<AgentOptions> options, TimeProvider time, ILogger<AgentLeftovers> logger)
{
    public IReadOnlyList<string> Sweep()
    {
        var o = options.Value;
        var cutoff = time.GetUtcNow() - o.LeftoverGrace;
        var removed = new List<string>();
        removed.AddRange(Leftovers.RemoveTempFiles(o.CacheDirectory, cutoff));
        removed.AddRange(Leftovers.RemoveTempFiles(o.StateDirectory, cutoff));
        var modules = Path.Join(o.HostRoot, "lib", "modules");
        if (Directory.Exists(modules))
        {
            foreach (var release in Directory.EnumerateDirectories(modules))
            {
                removed.AddRange(Leftovers.RemoveTempFiles(Path.Join(release, "extra"), cutoff));
            }
        }

        foreach (var path in removed)
        {
            LogRemoved(path);
        }

        return removed;
    }

    [LoggerMessage(EventId = AgentEventIds.LeftoverRemoved, Level = LogLevel.Information, Message = "Removed leftover temp file {Path} (a killed write)")]
    private partial void LogRemoved(string path);
}
