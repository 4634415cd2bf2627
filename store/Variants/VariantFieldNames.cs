namespace KernelAgent.Store.Variants;

/// <summary>The canonical names of the variant fields, as they appear in the canonical form and in errors.</summary>
public static class VariantFieldNames
{
    public const string DistroId = "distro_id";
    public const string DistroVersionId = "distro_version_id";
    public const string Arch = "arch";
    public const string KernelRelease = "kernel_release";
    public const string KernelVersion = "kernel_version";
    public const string DriverName = "driver_name";
    public const string DriverVersion = "driver_version";

    /// <summary>The order of the canonical form; it never changes within <c>kernelagent-variant/v1</c>.</summary>
    public static IReadOnlyList<string> CanonicalOrder { get; } =
        [DistroId, DistroVersionId, Arch, KernelRelease, KernelVersion, DriverName, DriverVersion];

    internal static IReadOnlyList<KeyValuePair<string, string>> InCanonicalOrder(KernelIdentity kernel, DriverIdentity driver) =>
    [
        new(DistroId, kernel.DistroId),
        new(DistroVersionId, kernel.DistroVersionId),
        new(Arch, kernel.Arch),
        new(KernelRelease, kernel.KernelRelease),
        new(KernelVersion, kernel.KernelVersion),
        new(DriverName, driver.Name),
        new(DriverVersion, driver.Version),
    ];
}
