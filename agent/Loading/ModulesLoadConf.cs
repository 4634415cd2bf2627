using System.Text;

namespace KernelAgent.Agent.Loading;

/// <summary>
/// The agent's modules-load.d(5) file, <c>etc/modules-load.d/kernel-agent.conf</c>: module names, one per line,
/// that systemd-modules-load.service loads at boot through modprobe (so the depmod index must list them).
/// </summary>
internal static class ModulesLoadConf
{
    public const string RelativePath = "etc/modules-load.d/kernel-agent.conf";

    private const string Header =
        "# Written by kernel-agent because its configuration enables boot-time loading (WriteModulesLoadConf).\n" +
        "# systemd-modules-load loads these modules at boot, before kernel-agent verifies them again.\n";

    private const UnixFileMode ConfMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Adds <paramref name="moduleName"/> to the file; true when the file changed.</summary>
    public static bool Add(string hostRoot, string moduleName)
    {
        var path = Path.Join(hostRoot, RelativePath);
        var names = File.Exists(path) ? ReadNames(File.ReadAllText(path)) : [];
        if (names.Contains(moduleName))
        {
            return false;
        }

        names.Add(moduleName);
        var text = new StringBuilder(Header);
        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            text.Append(name).Append('\n');
        }

        AtomicFile.Write(path, Encoding.UTF8.GetBytes(text.ToString()), ConfMode);
        return true;
    }

    /// <summary>Removes the agent's file, so the operator's "off" also undoes an earlier "on"; true when it existed.</summary>
    public static bool Remove(string hostRoot)
    {
        var path = Path.Join(hostRoot, RelativePath);
        var existed = File.Exists(path);
        AtomicFile.Delete(path);
        return existed;
    }

    /// <summary>modules-load.d(5): one name per line; empty lines and lines starting with '#' or ';' are ignored.</summary>
    private static List<string> ReadNames(string text) =>
        text.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && line[0] is not ('#' or ';'))
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
