using System.Diagnostics;
using System.Globalization;
using KernelAgent.EndToEnd.Tests.Support;

namespace KernelAgent.EndToEnd.Tests.Guest;

/// <summary>
/// Boots the systemd guest (scripts/e2e/systemd-image.sh, systemd-initramfs.sh, systemd-boot.sh) three times on one
/// copy of the cached root image, with a payload disk holding the freshly built .debs, the agent's configuration
/// and scripts/e2e/guest/systemd-run.sh, whose stage each boot names.
/// </summary>
internal sealed class SystemdGuestLauncher(RepositoryPaths repository, string cache, string runDirectory)
{
    /// <summary>The folder of packaging/build.sh's packages (scripts/test.sh sets it).</summary>
    public const string PackagesVariable = "KA_TEST_PACKAGES_DIR";

    private static readonly string[] Packages = ["kernel-agent", "kernel-buildfarm"];
    private static readonly TimeSpan ImageTimeout = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(20);

    /// <summary>The amd64 .debs of both programs, or why they are not there.</summary>
    public static (IReadOnlyList<string> Debs, string? Unavailable) FindPackages()
    {
        var folder = Environment.GetEnvironmentVariable(PackagesVariable);
        if (string.IsNullOrEmpty(folder))
        {
            return ([], $"the systemd guest installs the packages: set {PackagesVariable} to packaging/build.sh's output (scripts/test.sh does)");
        }

        var debs = Packages
            .Select(p => Directory.EnumerateFiles(folder, p + "_*_amd64.deb").Order(StringComparer.Ordinal).LastOrDefault())
            .ToList();
        return debs.Any(d => d is null)
            ? ([], $"{PackagesVariable}={folder} lacks kernel-agent_*_amd64.deb or kernel-buildfarm_*_amd64.deb")
            : (debs!, null);
    }

    public async Task<SystemdGuestRun> RunAsync(PreparedKernel kernel, AgentSetup agent, IReadOnlyList<string> debs, CancellationToken cancellationToken)
    {
        var run = Directory.CreateDirectory(runDirectory).FullName;
        var stopwatch = Stopwatch.StartNew();
        var image = (await ExternalProcess.RunCheckedAsync(repository.Script("systemd-image.sh"), [cache], ImageTimeout, cancellationToken))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        var root = Path.Join(run, "root.img");
        await ExternalProcess.RunCheckedAsync("cp", ["--sparse=always", image, root], StepTimeout, cancellationToken);
        var imageTime = stopwatch.Elapsed;

        stopwatch.Restart();
        var initramfs = Path.Join(run, "initramfs.cpio");
        await ExternalProcess.RunCheckedAsync(repository.Script("systemd-initramfs.sh"), [cache, kernel.Directory, initramfs], StepTimeout, cancellationToken);
        var initramfsTime = stopwatch.Elapsed;

        var payload = Directory.CreateDirectory(Path.Join(run, "payload")).FullName;
        File.Copy(repository.Script(Path.Join("guest", "systemd-run.sh")), Path.Join(payload, "run.sh"));
        Directory.CreateDirectory(Path.Join(payload, "debs"));
        foreach (var deb in debs)
        {
            File.Copy(deb, Path.Join(payload, "debs", Path.GetFileName(deb)));
        }

        await File.WriteAllTextAsync(Path.Join(payload, "agent.json"), agent.ToJson(), cancellationToken);
        Directory.CreateDirectory(Path.Join(payload, "keys"));
        foreach (var key in Directory.EnumerateFiles(agent.TrustedKeysDirectory, "*.pub"))
        {
            File.Copy(key, Path.Join(payload, "keys", Path.GetFileName(key)));
        }

        await ExternalProcess.RunCheckedAsync("cp", ["-a", Path.Join(kernel.Directory, "modules"), payload], StepTimeout, cancellationToken);

        var install = await BootAsync(kernel, initramfs, root, payload, "install", network: true, cancellationToken);
        var offline = await BootAsync(kernel, initramfs, root, payload, "offline", network: false, cancellationToken);
        var farmDown = await BootAsync(kernel, initramfs, root, payload, "farm-down", network: false, cancellationToken);
        return new SystemdGuestRun(kernel, install, offline, farmDown, imageTime, initramfsTime);
    }

    private async Task<SystemdBootReport> BootAsync(
        PreparedKernel kernel, string initramfs, string root, string payload, string stage, bool network, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(Path.Join(payload, "stage"), stage, cancellationToken);
        var console = Path.Join(runDirectory, stage + "-console.log");
        List<string> arguments =
        [
            "--kernel", kernel.Directory, "--initrd", initramfs, "--root", root, "--payload", payload,
            "--timeout", ((int)BootTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture), "--log", console,
        ];
        if (!network)
        {
            arguments.Add("--no-network");
        }

        var stopwatch = Stopwatch.StartNew();
        var outcome = await ExternalProcess.RunAsync(repository.Script("systemd-boot.sh"), arguments, BootTimeout + TimeSpan.FromMinutes(1), cancellationToken);
        if (outcome.ExitCode != 0)
        {
            throw new EndToEndSetupException($"the systemd guest's '{stage}' boot did not run to power-off (exit {outcome.ExitCode}):\n{outcome.ErrorTail()}\nconsole: {console}");
        }

        return SystemdBootReport.Read(console, stopwatch.Elapsed);
    }
}
