namespace KernelAgent.Packaging.Tests.Rpm;

/// <summary>
/// A throwaway root that rpm installs into with <c>--root</c> and <c>--nodeps</c>. rpm runs the scriptlets
/// chrooted there, so the root gets a shell (busybox) and /dev/null; with no systemd inside, the systemd
/// scriptlets take their "not installed" branches, which is what this proves they have.
/// </summary>
internal sealed class RpmRoot : IDisposable
{
    private const string Busybox = "/bin/busybox";
    private static readonly TimeSpan RpmTimeout = TimeSpan.FromMinutes(5);

    private RpmRoot(string path) => Path = path;

    public string Path { get; }

    public static async Task<RpmRoot> CreateAsync()
    {
        if (!File.Exists(Busybox))
        {
            MissingComponent.SkipOrFail($"{Busybox} is missing (Debian package busybox-static): rpm needs a shell in the root for the scriptlets");
        }

        var root = new RpmRoot(Directory.CreateTempSubdirectory("kernelagent-rpmroot.").FullName);
        Directory.CreateDirectory(root.Join("bin"));
        Directory.CreateDirectory(root.Join("dev"));
        File.Copy(Busybox, root.Join("bin/busybox"));
        File.CreateSymbolicLink(root.Join("bin/sh"), "busybox");
        var mknod = await CommandRunner.RunAsync("mknod", ["-m", "666", root.Join("dev/null"), "c", "1", "3"], RpmTimeout, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(mknod.ExitCode == 0, mknod.Transcript);
        return root;
    }

    public string Join(string relative) => System.IO.Path.Join(Path, relative);

    public Task<CommandResult> InstallAsync(string rpm) => RpmAsync("--nodeps", "-i", rpm);

    public Task<CommandResult> EraseAsync(string package) => RpmAsync("--nodeps", "-e", package);

    public Task<CommandResult> QueryAsync(params string[] arguments) => RpmAsync(["-q", .. arguments]);

    public void Dispose() => Directory.Delete(Path, recursive: true);

    private async Task<CommandResult> RpmAsync(params string[] arguments)
    {
        var result = await CommandRunner.RunRequiredAsync("rpm", "rpm", ["--root", Path, .. arguments], RpmTimeout);
        Assert.True(result.ExitCode == 0, result.Transcript);
        return result;
    }
}
