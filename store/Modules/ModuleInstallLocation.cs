using System.Buffers;

namespace KernelAgent.Store.Modules;

/// <summary>
/// Where a module goes under <c>/lib/modules/&lt;release&gt;/</c>: a relative folder such as <c>updates/dkms</c>
/// (DKMS's default) or a driver's DEST_MODULE_LOCATION as DKMS maps it (<c>kernel/drivers/net</c>). The value comes
/// from a signed attestation but still becomes a path on the host, so it is checked like a store key.
/// </summary>
public static class ModuleInstallLocation
{
    /// <summary>Where DKMS installs modules on Debian, Ubuntu, Fedora and RHEL: <c>/lib/modules/&lt;release&gt;/updates/dkms</c>.</summary>
    public const string Default = "updates/dkms";

    /// <summary>The longest location accepted; real ones are far shorter.</summary>
    public const int MaxLength = 200;

    private static readonly SearchValues<char> SegmentChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-");

    /// <summary>Why <paramref name="location"/> cannot be an install folder, or null when it can.</summary>
    public static string? Problem(string? location)
    {
        if (string.IsNullOrEmpty(location))
        {
            return "an install location is required";
        }

        if (location.Length > MaxLength)
        {
            return $"an install location has at most {MaxLength} characters";
        }

        foreach (var segment in location.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or "..")
            {
                return $"the install location '{KernelModuleName.Printable(location)}' must be a relative folder without empty, '.' or '..' parts";
            }

            var bad = segment.AsSpan().IndexOfAnyExcept(SegmentChars);
            if (bad >= 0)
            {
                return $"the install location '{KernelModuleName.Printable(location)}' has a character other than letters, digits, '.', '_', '+', '-' and '/'";
            }
        }

        return null;
    }
}
