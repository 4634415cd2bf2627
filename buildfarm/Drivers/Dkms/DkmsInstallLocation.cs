using KernelAgent.Store.Modules;

namespace KernelAgent.BuildFarm.Drivers.Dkms;

/// <summary>
/// Where dkms(8) installs a module on the target's distribution (its override_dest_module_location): Debian and
/// Ubuntu always use updates/dkms, RHEL-family extra, SUSE updates; elsewhere DEST_MODULE_LOCATION as written.
/// </summary>
internal static class DkmsInstallLocation
{
    /// <summary>The folder under /lib/modules/&lt;release&gt;/ (no leading '/').</summary>
    public static string For(string distroId, string? destLocation)
    {
        var location = distroId switch
        {
            "debian" or "ubuntu" or "arch" => "/updates/dkms",
            "fedora" or "rhel" or "ovm" => "/extra",
            "sles" or "suse" or "opensuse" or "opensuse-leap" => "/updates",
            _ => string.IsNullOrEmpty(destLocation) ? "/" + ModuleInstallLocation.Default : destLocation,
        };
        return location.Trim('/');
    }
}
