using System.Text.Json;
using KernelAgent.EndToEnd.Tests.Support;

namespace KernelAgent.EndToEnd.Tests.Farm;

/// <summary>
/// Registers a driver source (a DKMS folder, tarball or *-dkms .deb) with the running farm as an operator would:
/// <c>kernel-buildfarm drivers add SOURCE --print</c>, the result written into the folder the farm watches (temp
/// name, then rename, so the farm never reads half a file).
/// </summary>
internal static class FarmDriverRegistration
{
    private static readonly TimeSpan AddTimeout = TimeSpan.FromMinutes(2);

    /// <returns>The registered name and version (dkms.conf's PACKAGE_NAME and PACKAGE_VERSION).</returns>
    public static async Task<(string Name, string Version)> RegisterAsync(RepositoryPaths repository, FarmInstance farm, string source, CancellationToken cancellationToken)
    {
        var json = await ExternalProcess.RunCheckedAsync(
            "dotnet", [repository.FarmAssembly, "drivers", "add", source, "--print"], AddTimeout, cancellationToken,
            new Dictionary<string, string> { ["KERNEL_BUILDFARM_Drivers__RegistrationDirectory"] = farm.RegistrationDirectory });
        using var registration = JsonDocument.Parse(json);
        var name = registration.RootElement.GetProperty("Name").GetString();
        var version = registration.RootElement.GetProperty("Version").GetString();
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(version))
        {
            throw new EndToEndSetupException($"'drivers add {source} --print' printed no name or version: {json}");
        }

        var file = Path.Join(farm.RegistrationDirectory, $"{name}-{version}.json");
        await File.WriteAllTextAsync(file + ".tmp", json, cancellationToken);
        File.Move(file + ".tmp", file, overwrite: true);
        return (name, version);
    }
}
