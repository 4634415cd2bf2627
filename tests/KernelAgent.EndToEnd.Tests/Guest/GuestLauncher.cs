using System.Globalization;
using KernelAgent.EndToEnd.Tests.Support;

namespace KernelAgent.EndToEnd.Tests.Guest;

/// <summary>Builds a request's initramfs and boots it with scripts/e2e (initramfs.sh, boot.sh); returns what the guest printed.</summary>
internal sealed class GuestLauncher(RepositoryPaths repository, string runsDirectory)
{
    private static readonly TimeSpan InitramfsTimeout = TimeSpan.FromMinutes(2);

    public async Task<GuestReport> BootAsync(GuestRequest request, GuestUserland userland, CancellationToken cancellationToken)
    {
        var run = Directory.CreateDirectory(Path.Join(runsDirectory, request.Name)).FullName;
        var config = Path.Join(run, "agent.json");
        await File.WriteAllTextAsync(config, request.Agent.ToJson(), cancellationToken);
        var initramfs = Path.Join(run, "initramfs.cpio");
        List<string> build =
        [
            "--out", initramfs, "--arch", request.Kernel.Arch, "--kernel", request.Kernel.Directory,
            "--userland", userland.UserlandDirectory, "--agent", userland.AgentDirectory,
            "--config", config, "--trusted-keys", request.Agent.TrustedKeysDirectory,
        ];
        foreach (var overlay in request.Agent.Overlays)
        {
            build.AddRange(["--overlay", overlay]);
        }

        await ExternalProcess.RunCheckedAsync(repository.Script("initramfs.sh"), build, InitramfsTimeout, cancellationToken);

        var console = Path.Join(run, "console.log");
        var words = request.KernelArguments.Prepend($"kae2e.scenario={request.Scenario.ToString().ToLowerInvariant()}");
        if (request.Drivers.Count > 0)
        {
            words = words.Append("kae2e.drivers=" + string.Join(',', request.Drivers.Select(d => $"{d.Name}:{d.Version}")));
        }

        var append = string.Join(' ', words);
        List<string> boot =
        [
            "--arch", request.Kernel.Arch, "--kernel", request.Kernel.Directory, "--initrd", initramfs,
            "--append", append, "--timeout", ((int)request.Timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture), "--log", console,
        ];
        if (request.Disk is not null)
        {
            boot.AddRange(["--disk", request.Disk]);
        }

        var outcome = await ExternalProcess.RunAsync(repository.Script("boot.sh"), boot, request.Timeout + TimeSpan.FromMinutes(1), cancellationToken);
        if (outcome.ExitCode != 0)
        {
            throw new EndToEndSetupException($"the guest '{request.Name}' did not run to power-off (boot.sh exit {outcome.ExitCode}):\n{outcome.ErrorTail()}\nconsole: {console}");
        }

        return GuestReport.Read(console);
    }
}
