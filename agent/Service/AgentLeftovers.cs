using KernelAgent.Agent.Loading;
using KernelAgent.Agent.Logging;
using KernelAgent.Store.Backends.FileSystem;
using KernelAgent.Store.Modules;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KernelAgent.Agent.Service;

/// <summary>
/// Removes the temp files a killed agent left (cache, state, and the folders modules are installed to: DKMS's
/// <c>updates/dkms</c>, the older <c>extra</c>, and every folder a recorded install used) before each pass: at start for <c>once</c>, at start and then once per pass for <c>run</c>. Only files last written more than
/// <see cref="AgentOptions.LeftoverGrace"/> ago, so a concurrent <c>once</c> never loses a write in progress.
/// </summary>
internal sealed partial class AgentLeftovers(
    IOptions<AgentOptions> options, IInstalledModuleStore installed, TimeProvider time, ILogger<AgentLeftovers> logger)
{
    public IReadOnlyList<string> Sweep()
    {
        var o = options.Value;
        var cutoff = time.GetUtcNow() - o.LeftoverGrace;
        var removed = new List<string>();
        removed.AddRange(Leftovers.RemoveTempFiles(o.CacheDirectory, cutoff));
        removed.AddRange(Leftovers.RemoveTempFiles(o.StateDirectory, cutoff));
        foreach (var folder in ModuleFolders(o.HostRoot))
        {
            removed.AddRange(Leftovers.RemoveTempFiles(folder, cutoff));
        }

        foreach (var path in removed)
        {
            LogRemoved(path);
        }

        return removed;
    }

    // Not the whole of /lib/modules/<release>: its kernel/ tree holds thousands of the distribution's files, and
    // only folders the agent writes can hold its temp files.
    private SortedSet<string> ModuleFolders(string hostRoot)
    {
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        var modules = Path.Join(hostRoot, "lib", "modules");
        if (Directory.Exists(modules))
        {
            foreach (var release in Directory.EnumerateDirectories(modules))
            {
                folders.Add(Path.Join(release, ModuleInstallLocation.Default));
                folders.Add(Path.Join(release, "extra"));
            }
        }

        try
        {
            foreach (var record in installed.ReadAll())
            {
                if (Path.GetDirectoryName(record.ModulePath) is { Length: > 0 } folder)
                {
                    folders.Add(folder);
                }
            }
        }
        catch (ModuleInstallException)
        {
            // An unreadable record is reported by status and by the pass that needs it; the default folders still get swept.
        }

        return folders;
    }

    [LoggerMessage(EventId = AgentEventIds.LeftoverRemoved, Level = LogLevel.Information, Message = "Removed leftover temp file {Path} (a killed write)")]
    private partial void LogRemoved(string path);
}
