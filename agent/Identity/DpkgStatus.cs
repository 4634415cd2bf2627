namespace KernelAgent.Agent.Identity;

/// <summary>
/// Reads installed package versions from dpkg's status database (deb822 stanzas: "Package:", "Status:",
/// "Version:", blank line between packages; dpkg(1), deb-control(5)).
/// </summary>
internal static class DpkgStatus
{
    public const string StatusPath = "var/lib/dpkg/status";

    /// <summary>
    /// The versions of those of <paramref name="packages"/> that dpkg lists as installed
    /// ("Status: install ok installed"). Missing database: empty.
    /// </summary>
    /// <exception cref="IdentityException">The database exists but cannot be read.</exception>
    public static IReadOnlyDictionary<string, string> InstalledVersions(HostRoot root, IReadOnlySet<string> packages)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = root.Resolve(StatusPath);
        if (packages.Count == 0 || !File.Exists(path))
        {
            return found;
        }

        try
        {
            using var reader = new StreamReader(path);
            string? package = null, version = null, status = null;
            for (var line = reader.ReadLine(); ; line = reader.ReadLine())
            {
                if (string.IsNullOrEmpty(line))
                {
                    if (package is not null && version is not null && status == "install ok installed" && packages.Contains(package))
                    {
                        found.TryAdd(package, version);
                    }

                    if (line is null)
                    {
                        return found;
                    }

                    package = version = status = null;
                    continue;
                }

                package = FieldValue(line, "Package:") ?? package;
                version = FieldValue(line, "Version:") ?? version;
                status = FieldValue(line, "Status:") ?? status;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IdentityException(new IdentityProblem(root.Display(StatusPath), null, $"cannot be read: {e.Message}"), e);
        }
    }

    private static string? FieldValue(string line, string name) =>
        line.StartsWith(name, StringComparison.Ordinal) ? line[name.Length..].Trim() : null;
}
