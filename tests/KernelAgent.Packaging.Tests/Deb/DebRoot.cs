namespace KernelAgent.Packaging.Tests.Deb;

/// <summary>
/// A throwaway root that dpkg installs into with <c>--root</c>: its own admin folder (status database),
/// maintainer scripts run on the host with DPKG_ROOT set (<c>--force-script-chrootless</c>), as
/// debhelper-style scripts expect, and dependencies are not resolved (the root holds no libc).
/// </summary>
internal sealed class DebRoot : IDisposable
{
    private static readonly TimeSpan DpkgTimeout = TimeSpan.FromMinutes(5);

    public DebRoot()
    {
        Path = Directory.CreateTempSubdirectory("kernelagent-debroot.").FullName;
        foreach (var folder in (string[])["var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers", "var/log"])
        {
            Directory.CreateDirectory(Join(folder));
        }

        File.WriteAllText(Join("var/lib/dpkg/status"), string.Empty);
    }

    public string Path { get; }

    public string Join(string relative) => System.IO.Path.Join(Path, relative);

    public Task<CommandResult> InstallAsync(string deb) => DpkgAsync("--force-depends", "-i", deb);

    public Task<CommandResult> RemoveAsync(string package) => DpkgAsync("--remove", package);

    public Task<CommandResult> PurgeAsync(string package) => DpkgAsync("--purge", package);

    public Task<CommandResult> QueryAsync(string package, string format) =>
        CommandRunner.RunRequiredAsync("dpkg-query", "dpkg", ["--admindir", Join("var/lib/dpkg"), "-W", "-f", format, package], DpkgTimeout);

    public void Dispose() => Directory.Delete(Path, recursive: true);

    private async Task<CommandResult> DpkgAsync(params string[] arguments)
    {
        var result = await CommandRunner.RunRequiredAsync(
            "dpkg",
            "dpkg",
            [$"--root={Path}", $"--log={Join("var/log/dpkg.log")}", "--force-script-chrootless", .. arguments],
            DpkgTimeout);
        Assert.True(result.ExitCode == 0, result.Transcript);
        return result;
    }
}
