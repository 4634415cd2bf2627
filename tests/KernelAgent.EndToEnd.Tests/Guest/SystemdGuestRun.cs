namespace KernelAgent.EndToEnd.Tests.Guest;

/// <summary>
/// The systemd guest's three boots on one root disk: <see cref="Install"/> (apt install of the .debs, the agent
/// configured for the farm, the farm stopped), <see cref="Offline"/> (a reboot with no network device) and
/// <see cref="FarmDown"/> (a boot with nothing installed or cached and the farm unreachable, then purge), with the
/// time each part took on the host's clock.
/// </summary>
internal sealed record SystemdGuestRun(
    PreparedKernel Kernel,
    SystemdBootReport Install,
    SystemdBootReport Offline,
    SystemdBootReport FarmDown,
    TimeSpan ImageTime,
    TimeSpan InitramfsTime);
