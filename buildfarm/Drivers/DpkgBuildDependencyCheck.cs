namespace KernelAgent.BuildFarm.Drivers;

/// <summary>
/// Reads dpkg's status file (<c>&lt;host root&gt;/var/lib/dpkg/status</c>) for packages in state "install ok installed".
/// A farm without dpkg (not Debian) has none of them installed.
/// </summary>
internal sealed class DpkgBuildDependencyCheck(string statusFile) : IBuildDependencyCheck
{
    public DpkgBuildDependencyCheck()
        : this("/var/lib/dpkg/status")
    {
    }

    public IReadOnlyList<string> Missing(IReadOnlyList<string> packages)
    {
        if (packages.Count == 0)
        {
            return [];
        }

        var installed = Installed();
        return [.. packages.Where(p => !installed.Contains(p.Split(':')[0]))];
    }

    private HashSet<string> Installed()
    {
        var installed = new HashSet<string>(StringComparer.Ordinal);
        if (!File.Exists(statusFile))
        {
            return installed;
        }

        string? package = null;
        foreach (var line in File.ReadLines(statusFile))
        {
            if (line.StartsWith("Package: ", StringComparison.Ordinal))
            {
                package = line["Package: ".Length..].Trim();
            }
            else if (line.StartsWith("Status: ", StringComparison.Ordinal) && package is not null && line.EndsWith(" installed", StringComparison.Ordinal) &&
                     line.Contains("ok", StringComparison.Ordinal))
            {
                installed.Add(package);
            }
            else if (line.Length == 0)
            {
                package = null;
            }
        }

        return installed;
    }
}
