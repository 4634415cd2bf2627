using KernelAgent.Protocol.V1;

namespace KernelAgent.BuildFarm.Tests.Builds;

/// <summary>Requests for the bundled sample driver; <c>build</c> numbers make distinct Debian kernels of one ABI.</summary>
internal static class TestVariants
{
    public const string DriverName = "kagent_sample";
    public const string DriverVersion = "1.0.0";

    public static KernelVariant Debian(int build = 2) => new()
    {
        DistroId = "debian",
        DistroVersionId = "12",
        Arch = "x86_64",
        KernelRelease = "6.1.0-56-amd64",
        KernelVersion = $"#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-{build} (2026-11-16)",
    };

    public static DriverRef Sample => new() { Name = DriverName, Version = DriverVersion };

    public static BuildRequest Build(KernelVariant? variant = null, string requestedBy = "test") =>
        new() { Variant = variant ?? Debian(), Driver = Sample, RequestedBy = requestedBy };

    public static ResolveRequest Resolve(KernelVariant? variant = null) => new() { Variant = variant ?? Debian(), Driver = Sample };
}
