using KernelAgent.Protocol.V1;

namespace KernelAgent.Store.Variants;

/// <summary>Between the wire's KernelVariant and the store's identity types.</summary>
public static class ProtocolMapping
{
    public static KernelVariant ToProto(KernelIdentity kernel) => new()
    {
        DistroId = kernel.DistroId,
        DistroVersionId = kernel.DistroVersionId,
        Arch = kernel.Arch,
        KernelRelease = kernel.KernelRelease,
        KernelVersion = kernel.KernelVersion,
    };

    public static KernelIdentity FromProto(KernelVariant variant) =>
        new(variant.DistroId, variant.DistroVersionId, variant.Arch, variant.KernelRelease, variant.KernelVersion);

    public static DriverRef ToProto(DriverIdentity driver) => new() { Name = driver.Name, Version = driver.Version };

    public static DriverIdentity FromProto(DriverRef driver) => new(driver.Name, driver.Version);
}
