using System.Security.Cryptography;
using System.Text;
using KernelAgent.Agent.Identity;

namespace KernelAgent.Agent.Demand;

/// <summary>
/// The id a host reports demand under: stable across reboots and agent reinstalls, yet not the machine id itself.
/// machine-id(5) asks applications not to expose the id, so it is an HMAC-SHA256 keyed by the machine id over a
/// fixed application label (the scheme of sd_id128_get_machine_app_specific): the farm can count hosts, but not
/// match the id against anything else that hashes or shows the machine id.
/// </summary>
internal static class DemandHostId
{
    /// <summary>systemd's file first; D-Bus's copy on hosts without systemd.</summary>
    public static readonly string[] MachineIdFiles = ["etc/machine-id", "var/lib/dbus/machine-id"];

    private static readonly byte[] ApplicationLabel = Encoding.ASCII.GetBytes("kernel-agent/demand/v1");

    /// <summary>64 lowercase hex digits, or null with <paramref name="problem"/> saying why no id can be formed.</summary>
    public static string? Read(HostRoot root, out string problem)
    {
        var tried = new List<string>();
        foreach (var file in MachineIdFiles)
        {
            string? text;
            try
            {
                text = HostFileReader.ReadTextIfExists(root, file, maxBytes: 4096);
            }
            catch (IdentityException e)
            {
                tried.Add(e.Message);
                continue;
            }

            if (text is null)
            {
                tried.Add($"{root.Display(file)} does not exist");
                continue;
            }

            var id = text.Trim();
            if (id.Length != 32 || !id.All(char.IsAsciiHexDigitLower))
            {
                // "uninitialized" (first boot in progress) or an empty file in an image: not an id of this host.
                tried.Add($"{root.Display(file)} holds no machine id (32 lowercase hex digits)");
                continue;
            }

            problem = "";
            return FromMachineId(id);
        }

        problem = string.Join("; ", tried);
        return null;
    }

    public static string FromMachineId(string machineId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Convert.FromHexString(machineId), ApplicationLabel));
}
